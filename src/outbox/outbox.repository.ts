import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ClientBase } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { OUTBOX_RELAY_LOCK, OUTBOX_WAKE_CHANNEL } from './outbox.topics';
import type { OutboxEntry } from './topic';
import { sqlString } from '../common/sql-literal';

// The outbox table's SQL, all of it: raw SQL through query(), the one way of querying in this module.

/**
 * The relay's own connection (it also LISTENs for wake-ups): the lead lock and the batches
 * travel over it, each statement its own round trip, with no transaction around them.
 */
export type RelayConnection = Pick<ClientBase, 'query'>;

export interface OutboxRow {
  id: string;
  topic: string;
  payload: object;
}

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One round trip for all entries, in the caller's transaction (`manager`); the wake-up
   * NOTIFY is delivered only if that transaction commits.
   */
  async insert(manager: EntityManager, entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      `WITH ins AS (
         INSERT INTO outbox (topic, payload)
         SELECT t, p FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS e(t, p, n) ORDER BY n
         RETURNING 1)
       SELECT pg_notify('${OUTBOX_WAKE_CHANNEL}', '') FROM (SELECT 1 FROM ins LIMIT 1) one`,
      [entries.map((e) => e.topic), entries.map((e) => JSON.stringify(e.payload))],
    );
  }

  /**
   * A caller's statements and its events as statements for one message: `leading` (the
   * caller's own SQL), then the rows `selected` reads (columns ord, topic, payload; read in a
   * statement of its own, after `leading` has run) and `entries`, in that order, then the
   * wake-up NOTIFY. Several statements in one message go without parameters: `leading` and
   * `selected` write their values with src/common/sql-literal, and so does this for `entries`.
   */
  insertAfterStatements(leading: readonly string[], selected: string | null, entries: readonly OutboxEntry[]): string[] {
    const sources: string[] = [];
    if (selected !== null) sources.push(`SELECT 0 AS part, s.ord, s.topic, s.payload FROM (${selected}) s`);
    if (entries.length > 0) {
      const topics = entries.map((e) => sqlString(e.topic)).join(', ');
      const payloads = entries.map((e) => sqlString(JSON.stringify(e.payload))).join(', ');
      sources.push(
        `SELECT 1 AS part, e.n AS ord, e.t AS topic, e.p AS payload FROM unnest(ARRAY[${topics}]::text[], ARRAY[${payloads}]::jsonb[]) WITH ORDINALITY AS e(t, p, n)`,
      );
    }
    const statements = [...leading];
    if (sources.length > 0) {
      statements.push(
        `WITH ins AS (
           INSERT INTO outbox (topic, payload)
           SELECT x.topic, x.payload FROM (${sources.join(' UNION ALL ')}) x ORDER BY x.part, x.ord
           RETURNING 1)
         SELECT pg_notify('${OUTBOX_WAKE_CHANNEL}', '') FROM (SELECT 1 FROM ins LIMIT 1) one`,
      );
    }
    return statements;
  }

  /**
   * Makes this connection the relay that publishes, for as long as it lives: a session lock,
   * which PostgreSQL releases when the connection ends, so another replica's relay takes over.
   * False while another connection holds it. Call it once per connection (it stacks).
   */
  async takeRelayLead(connection: RelayConnection): Promise<boolean> {
    const result = await connection.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [OUTBOX_RELAY_LOCK]);
    return result.rows[0].ok;
  }

  /** The oldest rows, in id order. */
  async oldest(connection: RelayConnection, limit: number): Promise<OutboxRow[]> {
    // ORDER BY the column, not the text alias: "9" sorts after "11".
    return (await connection.query<OutboxRow>('SELECT o.id::text AS id, o.topic, o.payload FROM outbox o ORDER BY o.id LIMIT $1', [limit])).rows;
  }

  /** Published rows leave the outbox. */
  async deleteSent(connection: RelayConnection, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await connection.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ids]);
  }

  /** Rows waiting, and the age of the oldest in seconds (0 when none). */
  async backlog(): Promise<{ count: number; oldestSeconds: number }> {
    const rows: { n: number; s: number }[] = await this.db.query(
      `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS s FROM outbox`,
    );
    return { count: rows[0].n, oldestSeconds: rows[0].s };
  }

  /** Waiting rows per topic (for tests and diagnostics). */
  async countByTopic(): Promise<Record<string, number>> {
    const rows: { topic: string; n: number }[] = await this.db.query(`SELECT topic, count(*)::int AS n FROM outbox GROUP BY topic`);
    return Object.fromEntries(rows.map((r) => [r.topic, r.n]));
  }
}
