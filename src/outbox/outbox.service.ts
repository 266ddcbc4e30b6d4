import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClosingTransaction } from '../common/closing-transaction';
import { OutboxRepository } from './outbox.repository';
import { outboxEntry, type OutboxEntry, type Topic } from './topic';

/**
 * Writes events into the outbox inside the caller's transaction, so an event exists exactly
 * when its change committed. The relay publishes them on their topic, in id order.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly rows: OutboxRepository) {}

  /** `manager` must be the caller's transactional EntityManager. */
  enqueue<Payload>(manager: EntityManager, topic: Topic<Payload>, payload: Payload): Promise<void> {
    return this.enqueueMany(manager, [outboxEntry(topic, payload)]);
  }

  /**
   * One round trip for all entries (made with `outboxEntry`, so each payload has its topic's
   * type); the wake-up NOTIFY is delivered only if the transaction commits.
   */
  enqueueMany(manager: EntityManager, entries: readonly OutboxEntry[]): Promise<void> {
    return this.rows.insert(manager, entries);
  }

  /**
   * The caller's `leading` statements, then the events `selected` reads and `entries`, in the
   * message that commits the transaction (see OutboxRepository.insertAfterStatements); for a
   * writer whose events are computed by SQL after its own last statement.
   */
  enqueueAtCommit(tx: ClosingTransaction, leading: readonly string[], selected: string | null, entries: readonly OutboxEntry[]): void {
    tx.closeWith(this.rows.insertAfterStatements(leading, selected, entries));
  }
}
