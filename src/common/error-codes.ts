import { GraphQLError } from 'graphql';

/** The stable `extensions.code` values clients rely on. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'VERSION_CONFLICT',
  'INSUFFICIENT_FUNDS',
  'NOT_ELIGIBLE',
  'DUPLICATE',
  // The room takes only men or only women (its sexPolicy), and the patient is not one of them.
  'ROOM_SEX_POLICY',
  // Too many requests from one address or for one user; retry later.
  'RATE_LIMITED',
  // A dependency (PostgreSQL) is unreachable for the moment; nothing was changed; retry later.
  'SERVICE_UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A refusal: the request was understood and turned down; nothing was changed. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
  }
}

export const unauthenticated = (message = 'Log in first: send "Authorization: Bearer <token>".') => new AppError('UNAUTHENTICATED', message);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const badInput = (message: string, details: Record<string, unknown> = {}) => new AppError('BAD_USER_INPUT', message, details);
export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${JSON.stringify(id)} does not exist.`, { id });
