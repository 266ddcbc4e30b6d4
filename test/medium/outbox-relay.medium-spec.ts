import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { OutboxRepository } from '../../src/outbox/outbox.repository';
import { Medium } from '../support/medium';

// The relay's lead lock and batches on PostgreSQL: the lock belongs to a connection and ends
// with it, so a second replica's relay takes over only once the first one's connection is gone.

let m: Medium;
let outbox: OutboxRepository;
const connections: Client[] = [];

async function relayConnection(): Promise<Client> {
  const c = new Client({ connectionString: m.databaseUrl });
  await c.connect();
  connections.push(c);
  return c;
}

beforeAll(async () => {
  m = await Medium.start();
  outbox = m.get(OutboxRepository);
});

afterAll(async () => {
  await Promise.all(connections.map((c) => c.end().catch(() => undefined)));
  await m.close();
});

describe('the outbox relay lead', () => {
  it('one connection leads until it ends; another then takes the lead and reads the rows left, in id order', async () => {
    const first = await relayConnection();
    const second = await relayConnection();
    expect(await outbox.takeRelayLead(first)).toBe(true);
    expect(await outbox.takeRelayLead(second)).toBe(false);

    await outbox.insert(m.db.manager, [
      { topic: 't', payload: { n: 1 } },
      { topic: 't', payload: { n: 2 } },
      { topic: 't', payload: { n: 3 } },
    ]);
    const rows = await outbox.oldest(first, 10);
    expect(rows.map((r) => r.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await outbox.deleteSent(first, [rows[0].id]);

    // Still held while the first connection lives, even between its statements.
    expect(await outbox.takeRelayLead(second)).toBe(false);
    await first.end();
    expect(await outbox.takeRelayLead(second)).toBe(true);
    expect((await outbox.oldest(second, 10)).map((r) => r.payload)).toEqual([{ n: 2 }, { n: 3 }]);
    await outbox.deleteSent(
      second,
      rows.slice(1).map((r) => r.id),
    );
    expect(await outbox.oldest(second, 10)).toEqual([]);
  });
});
