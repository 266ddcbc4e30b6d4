/**
 * Whether an error means a dependency (PostgreSQL) could not be reached or went away: the
 * request may well succeed if retried shortly, so it is answered SERVICE_UNAVAILABLE (503 with
 * Retry-After), not as an internal error. Pure: no framework import.
 */

/** Seconds a client is told to wait before retrying. */
export const RETRY_AFTER_SECONDS = 5;

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, shutting
// down, in recovery); class 08 is "connection exception".
const SQLSTATES = new Set(['57P01', '57P02', '57P03']);
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  /the database system is (starting up|shutting down|in recovery)/i,
];

function causes(err: unknown): unknown[] {
  const seen: unknown[] = [];
  let queue: unknown[] = [err];
  // GraphQL wraps the thrown error in originalError (a thrown non-Error in thrownValue), TypeORM
  // the driver's in driverError.
  while (queue.length > 0 && seen.length < 20) {
    const next: unknown[] = [];
    for (const e of queue) {
      if (typeof e !== 'object' || e === null || seen.includes(e)) continue;
      seen.push(e);
      const o = e as { originalError?: unknown; driverError?: unknown; cause?: unknown; thrownValue?: unknown; errors?: unknown };
      next.push(o.originalError, o.driverError, o.cause, o.thrownValue);
      if (Array.isArray(o.errors)) next.push(...(o.errors as unknown[]));
    }
    queue = next;
  }
  return seen;
}

export function isUnavailableError(err: unknown): boolean {
  return causes(err).some((e) => {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    return typeof message === 'string' && MESSAGES.some((m) => m.test(message));
  });
}

export const UNAVAILABLE_MESSAGE = `The database cannot be reached at the moment; nothing was changed. Try again in ${RETRY_AFTER_SECONDS} seconds.`;
