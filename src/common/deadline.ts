/** Raised when an awaited call took longer than its deadline. */
export class DeadlineError extends Error {}

/**
 * Resolves or rejects like `work`, or rejects with a DeadlineError after `ms`. The work itself
 * goes on (a queued Redis command is still sent when the connection returns); its late
 * failure is swallowed here so it is never an unhandled rejection.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what}: no answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
