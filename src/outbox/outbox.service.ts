import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OUTBOX_WAKE_CHANNEL } from './outbox.topics';
import { outboxEntry, type OutboxEntry, type Topic } from './topic';

/**
 * Writes events into the outbox inside the caller's transaction, so an event exists exactly
 * when its change committed. The relay publishes them on their topic, in id order.
 */
@Injectable()
export class OutboxService {
  /** `manager` must be the caller's transactional EntityManager. */
  enqueue<Payload>(manager: EntityManager, topic: Topic<Payload>, payload: Payload): Promise<void> {
    return this.enqueueMany(manager, [outboxEntry(topic, payload)]);
  }

  /**
   * One round trip for all entries (made with `outboxEntry`, so each payload has its topic's
   * type); the wake-up NOTIFY is delivered only if the transaction commits.
   */
  async enqueueMany(manager: EntityManager, entries: readonly OutboxEntry[]): Promise<void> {
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
}
