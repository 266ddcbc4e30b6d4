import { AppError } from '../common/error-codes';
import { LedgerRuleError } from './claim-rules';

export const isUniqueViolation = (err: unknown, constraint?: string): boolean =>
  typeof err === 'object' &&
  err !== null &&
  (err as { code?: unknown }).code === '23505' &&
  (constraint === undefined || (err as { constraint?: unknown }).constraint === constraint);

/** A broken ledger rule (plain function, no framework) becomes the GraphQL error of the same code. */
export function fromRule(err: unknown): unknown {
  return err instanceof LedgerRuleError ? new AppError(err.code, err.message) : err;
}

/** Runs a ledger rule, answering its refusal as an AppError. */
export function rule<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw fromRule(err);
  }
}
