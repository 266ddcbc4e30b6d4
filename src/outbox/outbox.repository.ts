import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OUTBOX_RELAY_LOCK, OUTBOX_WAKE_CHANNEL } from './outbox.topics';
import type { OutboxEntry } from './topic';
import { sqlString } from '../common/sql-literal';

// The outbox table's SQL, all of it: raw SQL through query(), the one way of querying in this module.

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
   * One round trip for a caller's statements and its events: `leading` (the caller's own SQL),
   * then the rows `selected` reads (columns ord, topic, payload; read in a statement of its own,
   * after `leading` has run) and `entries`, in that order, then the wake-up NOTIFY. Several
   * statements in one message are sent without parameters: `leading` and `selected` write their
   * values with src/common/sql-literal, and so does this for `entries`.
   */
  async insertAfter(manager: EntityManager, leading: readonly string[], selected: string | null, entries: readonly OutboxEntry[]): Promise<void> {
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
    if (statements.length > 0) await manager.query(statements.join(';\n'));
  }

  /**
   * Runs `publish` on the oldest `limit` rows inside a transaction that holds the relay lock;
   * null when another replica's relay holds it. The rows `publish` returns as sent are deleted
   * in the same transaction.
   */
  claimBatch<T>(limit: number, publish: (rows: OutboxRow[]) => Promise<{ sent: string[]; result: T }>): Promise<T | null> {
    return this.db.transaction(async (m) => {
      const lock: { ok: boolean }[] = await m.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [OUTBOX_RELAY_LOCK]);
      if (!lock[0].ok) return null;
      // ORDER BY the column, not the text alias: "9" sorts after "11".
      const rows: OutboxRow[] = await m.query('SELECT o.id::text AS id, o.topic, o.payload FROM outbox o ORDER BY o.id LIMIT $1', [limit]);
      const { sent, result } = await publish(rows);
      await this.markSent(m, sent);
      return result;
    });
  }

  /** Published rows leave the outbox. */
  async markSent(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await manager.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ids]);
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
