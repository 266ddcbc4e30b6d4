import { escapeLiteral } from 'pg';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// For SQL sent as several statements in one round trip, which PostgreSQL takes only without
// parameters: every value goes in through one of these, never by concatenation.

/** A quoted string literal (quotes and backslashes escaped by pg's own escapeLiteral). */
export function sqlString(value: string): string {
  return escapeLiteral(value);
}

/** A uuid literal; throws on anything that is not a lower-case uuid. */
export function sqlUuid(id: string): string {
  if (!UUID.test(id)) throw new Error(`not a lower-case uuid: ${JSON.stringify(id)}`);
  return `'${id}'::uuid`;
}
