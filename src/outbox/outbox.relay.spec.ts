import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import type { BusMessage, EventBus, PublishOutcome } from './event-bus';
import { OutboxRelay } from './outbox.relay';
import type { OutboxRepository, OutboxRow } from './outbox.repository';

/** The outbox table in memory: a batch is the oldest rows; the rows said sent are deleted. */
class MemoryOutbox {
  rows: OutboxRow[] = [];
  async claimBatch<T>(limit: number, publish: (rows: OutboxRow[]) => Promise<{ sent: string[]; result: T }>): Promise<T> {
    const { sent, result } = await publish(this.rows.slice(0, limit));
    this.rows = this.rows.filter((r) => !sent.includes(r.id));
    return result;
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

function relayOver(outbox: MemoryOutbox, broker: FlakyBroker): { drain: () => Promise<void> } {
  const config = { env: { OUTBOX_SWEEP_MS: 1000 }, databaseUrl: 'postgres://unused' } as unknown as AppConfig;
  const relay = new OutboxRelay(outbox as unknown as OutboxRepository, broker as unknown as EventBus, config);
  // The drain the wake-up and the sweep run; called directly so no listener connects.
  return relay as unknown as { drain: () => Promise<void> };
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
});
