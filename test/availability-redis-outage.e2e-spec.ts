import type { Client } from 'graphql-ws';
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from './support/test-app';
import {
  bedsOfWard,
  countsInDatabase,
  eventually,
  freePort,
  hasProgram,
  Instance,
  outboxSize,
  RedisServer,
  setBedStatus,
  sleep,
  Watch,
  wsClient,
} from './support/live';

// Needs the redis-server program (it runs its own, on its own port, to stop and restart it),
// not the shared REDIS_URL.
const canRun = hasProgram('redis-server');
const suite = canRun ? describe : describe.skip;
if (!canRun) process.stdout.write('[availability-redis-outage] skipped: no redis-server program on this machine\n');

interface Counts {
  wardId: string;
  bedClass: string;
  total: number;
  available: number;
  reserved: number;
  closed: number;
  seq: string;
}
const FIELDS = 'wardId bedClass total available reserved closed seq';

suite('a Redis outage while beds change', () => {
  let redis: RedisServer;
  let drop: () => Promise<void>;
  let api: Instance;
  let client: Client;

  beforeAll(async () => {
    redis = new RedisServer(await freePort());
    await redis.start();
    const database = await createTestDatabase();
    drop = database.drop;
    api = await Instance.start(database.url, randomBytes(32).toString('hex'), {
      REDIS_URL: redis.url,
      PUBSUB_PREFIX: `siranap-test-${randomBytes(4).toString('hex')}:`,
      OUTBOX_SWEEP_MS: '200',
    });
    client = wsClient(api.baseUrl);
  });
  afterAll(async () => {
    try {
      await client?.dispose();
      await api?.close();
      await drop?.();
    } finally {
      await redis?.stop();
    }
  });

  it('loses no write and no event: mutations succeed, subscribers get the final counts, the outbox empties', async () => {
    const token = await api.adminToken();
    const res = await api.gql<{ availability: Counts[] }>(`{ availability(hospitalCode: "RSUD-SKLERIK") { ${FIELDS} } }`);
    const ward = res.data!.availability.reduce((best, r) => (r.available > best.available ? r : best));
    const w = new Watch<{ availabilityChanged: Counts }>(
      client,
      `subscription($w: ID, $c: BedClass) { availabilityChanged(wardId: $w, bedClass: $c) { ${FIELDS} } }`,
      {
        w: ward.wardId,
        c: ward.bedClass,
      },
    );
    await w.until((x) => x.data.length === 1, 'the current state');
    const beds = await bedsOfWard(api, token, ward.wardId, 6);

    await redis.stop();
    for (const bed of beds) await setBedStatus(api, token, bed, 'RESERVED');
    await setBedStatus(api, token, beds[0], 'CLOSED');
    await sleep(600); // a few relay sweeps, all failing
    expect(await outboxSize(api.db)).toBeGreaterThan(0);
    expect(w.data).toHaveLength(1);

    await redis.start();
    const expected = await countsInDatabase(api.db, ward.wardId, ward.bedClass);
    expect(expected).toMatchObject({ available: ward.available - beds.length, reserved: ward.reserved + beds.length - 1, closed: ward.closed + 1 });
    await w.until((x) => x.data.at(-1)?.availabilityChanged.seq === expected.seq, 'the final counts', 20000);
    expect(w.data.at(-1)!.availabilityChanged).toMatchObject({ available: expected.available, reserved: expected.reserved, closed: expected.closed });
    await eventually(async () => (await outboxSize(api.db)) === 0, 'an empty outbox');
    w.close();
  });
});
