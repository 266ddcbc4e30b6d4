/**
 * The instants the API accepts: years 0001 to 9999. PostgreSQL's timestamptz goes further back
 * (4713 BC) and JavaScript's Date further out (±275760), but outside four-digit years neither
 * ISO 8601's usual form nor every client round-trips a value, and no bed or claim is dated there.
 */
export const MIN_INSTANT = new Date('0001-01-01T00:00:00.000Z');
export const MAX_INSTANT = new Date('9999-12-31T23:59:59.999Z');

export const DATE_TIME_RULE = `an ISO 8601 date-time between ${MIN_INSTANT.toISOString()} and ${MAX_INSTANT.toISOString()}, such as 2025-06-01T08:00:00+08:00`;

/** The instant a text names, or null when it is not a date-time or lies outside the accepted range. */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  // A leading sign means an expanded (six-digit) year, which is always out of range.
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim())) return null;
  const date = new Date(value);
  const ms = date.getTime();
  if (Number.isNaN(ms) || ms < MIN_INSTANT.getTime() || ms > MAX_INSTANT.getTime()) return null;
  return date;
}
