import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import type { BusMessage, EventBus, PublishOutcome } from './event-bus';
import { OutboxRelay } from './outbox.relay';
import type { OutboxRepository, OutboxRow } from './outbox.repository';

/**
 * The outbox table in memory, with PostgreSQL's session lock: the first connection to ask leads
 * until it ends; a batch is the oldest rows; the rows said sent are deleted.
 */
class MemoryOutbox {
  rows: OutboxRow[] = [];
  leader: object | null = null;
  leadRequests = 0;
  async takeRelayLead(connection: object): Promise<boolean> {
    this.leadRequests++;
    if (this.leader === null) this.leader = connection;
    return this.leader === connection;
  }
  async oldest(connection: object, limit: number): Promise<OutboxRow[]> {
    if (this.leader !== connection) throw new Error('read by a relay that does not lead');
    return this.rows.slice(0, limit);
  }
  async deleteSent(connection: object, ids: readonly string[]): Promise<void> {
    if (this.leader !== connection) throw new Error('deleted by a relay that does not lead');
    this.rows = this.rows.filter((r) => !ids.includes(r.id));
  }
  /** The leader's connection ended: PostgreSQL frees its session lock. */
  connectionEnded(connection: object): void {
    if (this.leader === connection) this.leader = null;
  }
}

/** A broker that takes messages until `failAt` of them got through in its current outage, then none. */
class FlakyBroker {
  received: BusMessage[] = [];
  failAt: number | null = null;
  calls = 0;
  async publishMany(messages: readonly BusMessage[]): Promise<PublishOutcome> {
    this.calls++;
    if (this.failAt === null) {
      this.received.push(...messages);
      return { published: messages.length };
    }
    const taken = messages.slice(0, this.failAt);
    this.received.push(...taken);
    return { published: taken.length, error: new Error('broker gone') };
  }
}

interface TestRelay {
  /** The drain the wake-up and the sweep run; called directly so no listener connects. */
  drain: () => Promise<void>;
  /** What a NOTIFY on `connection` does. */
  wake: (connection: object) => void;
  drains: { idle: () => Promise<void> };
  /** The relay's connection, set by hand in place of the listener's. */
  connection: object | null;
}

function relayOver(outbox: MemoryOutbox, broker: FlakyBroker): TestRelay {
  const config = { env: { OUTBOX_SWEEP_MS: 1000 }, databaseUrl: 'postgres://unused' } as unknown as AppConfig;
  const relay = new OutboxRelay(outbox as unknown as OutboxRepository, broker as unknown as EventBus, config) as unknown as TestRelay;
  relay.connection = {};
  return relay;
}

const rowsOf = (n: number): OutboxRow[] =>
  Array.from({ length: n }, (_, i) => ({ id: String(i + 1), topic: i % 2 === 0 ? 'availabilityChanged' : 'bedChanged', payload: { n: i + 1 } }));

describe('OutboxRelay', () => {
  // The relay logs the outage and the recovery the tests cause.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('publishes a batch in one exchange with the broker, in id order, and deletes it', async () => {
    const outbox = new MemoryOutbox();
    outbox.rows = rowsOf(5);
    const broker = new FlakyBroker();
    await relayOver(outbox, broker).drain();
    expect(broker.calls).toBe(1);
    expect(broker.received.map((m) => (m.payload as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
    expect(outbox.rows).toEqual([]);
  });

  it('a broker failing mid-batch keeps the failed row and those after it; they go out in order once it is back', async () => {
    const outbox = new MemoryOutbox();
    outbox.rows = rowsOf(6);
    const broker = new FlakyBroker();
    broker.failAt = 2;
    const relay = relayOver(outbox, broker);
    await relay.drain();
    expect(outbox.rows.map((r) => r.id)).toEqual(['3', '4', '5', '6']);
    // Still away: nothing more goes, nothing is lost.
    broker.failAt = 0;
    await relay.drain();
    expect(outbox.rows.map((r) => r.id)).toEqual(['3', '4', '5', '6']);
    broker.failAt = null;
    await relay.drain();
    expect(outbox.rows).toEqual([]);
    expect(broker.received.map((m) => [m.topic, (m.payload as { n: number }).n])).toEqual(rowsOf(6).map((r) => [r.topic, (r.payload as { n: number }).n]));
  });

  it('only the relay whose connection leads publishes; it asks once, and another takes over when that connection ends', async () => {
    const outbox = new MemoryOutbox();
    const broker = new FlakyBroker();
    const first = relayOver(outbox, broker);
    const second = relayOver(outbox, broker);
    outbox.rows = rowsOf(2);
    await first.drain();
    outbox.rows = rowsOf(4).slice(2);
    await second.drain();
    // The second found the lock taken and left the rows to the first.
    expect(outbox.rows.map((r) => r.id)).toEqual(['3', '4']);
    await first.drain();
    expect(outbox.rows).toEqual([]);
    expect(outbox.leadRequests).toBe(2);
    expect(broker.received.map((m) => (m.payload as { n: number }).n)).toEqual([1, 2, 3, 4]);

    // The leader's connection ends; its replacement asks again, after the second took over.
    outbox.connectionEnded(first.connection!);
    first.connection = {};
    outbox.rows = rowsOf(6).slice(4);
    await second.drain();
    await first.drain();
    expect(outbox.rows).toEqual([]);
    expect(outbox.leader).toBe(second.connection);
    expect(broker.received.map((m) => (m.payload as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a NOTIFY makes only the leader drain; a follower waits for its sweep to ask for the lead', async () => {
    const outbox = new MemoryOutbox();
    const broker = new FlakyBroker();
    const leader = relayOver(outbox, broker);
    const follower = relayOver(outbox, broker);
    await leader.drain();
    await follower.drain();
    expect(outbox.leadRequests).toBe(2);
    outbox.rows = rowsOf(3);
    for (let i = 0; i < 10; i++) follower.wake(follower.connection!);
    await follower.drains.idle();
    expect(outbox.leadRequests).toBe(2);
    expect(outbox.rows).toHaveLength(3);
    leader.wake(leader.connection!);
    await leader.drains.idle();
    expect(outbox.rows).toEqual([]);
    expect(outbox.leadRequests).toBe(2);
  });

  it('without a connection it publishes nothing and keeps every row', async () => {
    const outbox = new MemoryOutbox();
    outbox.rows = rowsOf(3);
    const broker = new FlakyBroker();
    const relay = relayOver(outbox, broker);
    relay.connection = null;
    await relay.drain();
    expect(broker.calls).toBe(0);
    expect(outbox.rows).toHaveLength(3);
  });
});
