/**
 * The fund's bookkeeping as pure functions: which claim action is allowed from which status,
 * and which balanced journal lines each action posts. No Nest or TypeORM here: the service
 * asks these functions and the unit tests check them without a database.
 */

/** Accounts per fund. APPROPRIATION is the source the ceiling comes from (credit side). */
export const ACCOUNTS = ['APPROPRIATION', 'AVAILABLE', 'HELD', 'PAID'] as const;
export type Account = (typeof ACCOUNTS)[number];

/** VERIFY posts only when a claim is verified for less than its hold: the rest goes back. */
export const POSTING_KINDS = ['OPEN', 'HOLD', 'RELEASE', 'PAY', 'REFUND', 'VERIFY'] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];

/** EXPIRED: the hold ran out (CLAIM_HOLD_DAYS) before a verifier decided, and was released. */
export const CLAIM_STATUSES = ['REQUESTED', 'HELD', 'REJECTED', 'VERIFIED', 'PAID', 'REFUNDED', 'EXPIRED'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/**
 * EXPIRE: the service released a hold that ran out; FLAG: the service marked a verified claim
 * unpaid past CLAIM_PAYMENT_DAYS (status unchanged); ATTACH: an evidence document was added.
 */
export const CLAIM_ACTIONS = ['SUBMIT', 'HOLD', 'REJECT', 'VERIFY', 'PAY', 'REFUND', 'EXPIRE', 'FLAG', 'ATTACH'] as const;
export type ClaimAction = (typeof CLAIM_ACTIONS)[number];

export interface PostingLine {
  account: Account;
  debit: bigint;
  credit: bigint;
}

export interface FundBalances {
  available: bigint;
  held: bigint;
  paid: bigint;
}

export type RuleErrorCode = 'INSUFFICIENT_FUNDS' | 'BAD_USER_INPUT' | 'INVALID_TRANSITION';

/** A refusal by the rules; the service turns it into a GraphQL error with the same code. */
export class LedgerRuleError extends Error {
  constructor(
    readonly code: RuleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The claim lifecycle: action → statuses it may start from → status it leads to. */
export type StatusAction = Exclude<ClaimAction, 'SUBMIT' | 'FLAG' | 'ATTACH'>;

const LIFECYCLE: Record<StatusAction, { from: readonly ClaimStatus[]; to: ClaimStatus }> = {
  HOLD: { from: ['REQUESTED'], to: 'HELD' },
  REJECT: { from: ['REQUESTED', 'HELD', 'VERIFIED'], to: 'REJECTED' },
  VERIFY: { from: ['HELD'], to: 'VERIFIED' },
  PAY: { from: ['VERIFIED'], to: 'PAID' },
  REFUND: { from: ['PAID'], to: 'REFUNDED' },
  EXPIRE: { from: ['HELD'], to: 'EXPIRED' },
};

export function nextStatus(status: ClaimStatus, action: StatusAction): ClaimStatus {
  const step = LIFECYCLE[action];
  if (!step.from.includes(status)) {
    throw new LedgerRuleError(
      'INVALID_TRANSITION',
      `${action} is not allowed on a claim that is ${status}; it needs a claim that is ${step.from.join(' or ')}.`,
    );
  }
  return step.to;
}

const debit = (account: Account, amount: bigint): PostingLine => ({ account, debit: amount, credit: 0n });
const credit = (account: Account, amount: bigint): PostingLine => ({ account, debit: 0n, credit: amount });

export function requirePositive(amount: bigint, what: string): void {
  if (amount <= 0n) throw new LedgerRuleError('BAD_USER_INPUT', `${what} must be more than Rp0; got ${amount}.`);
}

/** A fund's ceiling is more than Rp0 and at most the configured maximum (FUND_MAX_CEILING). */
export function checkCeiling(ceiling: bigint, maxCeiling: bigint): void {
  requirePositive(ceiling, 'The ceiling');
  if (ceiling > maxCeiling) {
    throw new LedgerRuleError('BAD_USER_INPUT', `The ceiling must be at most Rp${maxCeiling} (FUND_MAX_CEILING); got ${ceiling}.`);
  }
}

/** The fund is opened with one posting of its ceiling. */
export function openingLines(ceiling: bigint): PostingLine[] {
  requirePositive(ceiling, 'The ceiling');
  return [debit('AVAILABLE', ceiling), credit('APPROPRIATION', ceiling)];
}

/** A hold moves the claim's amount from available to held, and only if it fits. */
export function holdLines(balances: FundBalances, amount: bigint): PostingLine[] {
  requirePositive(amount, 'The claim amount');
  if (amount > balances.available) {
    throw new LedgerRuleError('INSUFFICIENT_FUNDS', `The fund has ${balances.available} available; the claim needs ${amount}.`);
  }
  return [debit('HELD', amount), credit('AVAILABLE', amount)];
}

/** A rejected claim gives its whole hold back. */
export function releaseLines(held: bigint): PostingLine[] {
  requirePositive(held, 'The held amount');
  return [debit('AVAILABLE', held), credit('HELD', held)];
}

/**
 * Verification for `amount`, at most the hold. Verifying less than held gives the rest back to
 * the fund (one balanced posting); verifying the whole hold moves no money (no lines).
 */
export function verifyLines(held: bigint, amount: bigint): PostingLine[] {
  requirePositive(amount, 'The verified amount');
  if (amount > held) {
    throw new LedgerRuleError('BAD_USER_INPUT', `The verified amount (${amount}) is more than the claim's hold (${held}); verify at most ${held}.`);
  }
  const rest = held - amount;
  return rest > 0n ? [debit('AVAILABLE', rest), credit('HELD', rest)] : [];
}

/** Payment takes at most the held amount; whatever is left of the hold goes back to available. */
export function payLines(held: bigint, amount: bigint): PostingLine[] {
  requirePositive(amount, 'The payment');
  if (amount > held) {
    throw new LedgerRuleError('BAD_USER_INPUT', `The payment (${amount}) is more than the claim's hold (${held}); pay at most ${held}.`);
  }
  const lines = [debit('PAID', amount), credit('HELD', amount)];
  const rest = held - amount;
  if (rest > 0n) lines.push(debit('AVAILABLE', rest), credit('HELD', rest));
  return lines;
}

/** A refund (e.g. BPJS paid later) returns at most what was paid to the fund. */
export function refundLines(paid: bigint, amount: bigint): PostingLine[] {
  requirePositive(amount, 'The refund');
  if (amount > paid) {
    throw new LedgerRuleError('BAD_USER_INPUT', `The refund (${amount}) is more than was paid (${paid}); refund at most ${paid}.`);
  }
  return [debit('AVAILABLE', amount), credit('PAID', amount)];
}

/** Debits equal credits, and every line moves a positive amount on exactly one side. */
export function isBalanced(lines: readonly PostingLine[]): boolean {
  let debits = 0n;
  let credits = 0n;
  for (const l of lines) {
    if (l.debit < 0n || l.credit < 0n || (l.debit === 0n) === (l.credit === 0n)) return false;
    debits += l.debit;
    credits += l.credit;
  }
  return lines.length > 0 && debits === credits;
}

/**
 * Balances after a posting. AVAILABLE, HELD and PAID are debit-normal; none may go below zero,
 * which is the invariant "the fund never goes below zero".
 */
export function applyLines(balances: FundBalances, lines: readonly PostingLine[]): FundBalances {
  if (!isBalanced(lines)) throw new Error('unbalanced posting');
  const next = { ...balances };
  for (const l of lines) {
    const delta = l.debit - l.credit;
    if (l.account === 'AVAILABLE') next.available += delta;
    else if (l.account === 'HELD') next.held += delta;
    else if (l.account === 'PAID') next.paid += delta;
  }
  if (next.available < 0n || next.held < 0n || next.paid < 0n) {
    throw new LedgerRuleError('INSUFFICIENT_FUNDS', 'The posting would take an account of the fund below zero.');
  }
  return next;
}

/**
 * The low-balance warning: available has fallen under `percent` of the ceiling. Integer
 * arithmetic, so a share of Rp3.000.000.000 is exact.
 */
export function isLowBalance(available: bigint, ceiling: bigint, percent: number): boolean {
  return available * 100n < ceiling * BigInt(percent);
}

const DAY_MS = 24 * 3600 * 1000;

/** Whether a limit of `days` (fractions allowed) counted from `since` has run out at `now`: a hold, or a payment's wait. */
export function holdExpired(since: Date, now: Date, days: number): boolean {
  return now.getTime() - since.getTime() >= days * DAY_MS;
}

/** What a fund that is closed still accepts: refunds only (money coming back for that year). */
export function checkFundOpenFor(kind: PostingKind, closedAt: Date | null, fiscalYear: number): void {
  if (closedAt !== null && kind !== 'REFUND') {
    throw new LedgerRuleError(
      'INVALID_TRANSITION',
      `The fund of fiscal year ${fiscalYear} was closed on ${closedAt.toISOString()}; a closed fund takes refunds only.`,
    );
  }
}
