import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { Principal } from '../src/auth/principal';
import { BedsService } from '../src/beds/beds.service';
import { createTestDatabase } from './support/test-app';
import { bedsOfWard, countsInDatabase, eventually, Instance, outboxSize, setBedStatus, Watch, wsClient, type BedRef } from './support/live';

const REDIS_URL = process.env.REDIS_URL;
const suite = REDIS_URL ? describe : describe.skip;
if (!REDIS_URL) process.stdout.write('[availability-replicas] skipped: REDIS_URL is not set (CI sets it)\n');

interface Counts {
  wardId: string;
  bedClass: string;
  total: number;
  available: number;
  occupied: number;
  reserved: number;
  cleaning: number;
  closed: number;
  seq: string;
}
const SUB = `subscription($w: ID, $c: BedClass) { availabilityChanged(wardId: $w, bedClass: $c) { wardId bedClass total available occupied reserved cleaning closed seq } }`;

suite('two api instances sharing PostgreSQL and Redis', () => {
  let drop: () => Promise<void>;
  let a: Instance;
  let b: Instance;
  let token: string;
  let ward: Counts;
  let prefix: string;
  let queuePrefix: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const secret = randomBytes(32).toString('hex');
    // A prefix of its own: parallel runs on the same Redis never see each other's events.
    const run = `siranap-test-${randomBytes(4).toString('hex')}`;
    prefix = `${run}:`;
    // Own prefixes (pub/sub channels, and the ledger's queue keys these apps also create).
    queuePrefix = run;
    const shared = { REDIS_URL: REDIS_URL!, PUBSUB_PREFIX: prefix, QUEUE_PREFIX: queuePrefix, OUTBOX_SWEEP_MS: '200' };
    a = await Instance.start(database.url, secret, shared);
    // Both run a relay: they compete for the outbox, which must still go out once and in order.
    b = await Instance.start(database.url, secret, { ...shared, SEED_ON_START: 'false' });
    token = await a.adminToken();
    const res = await a.gql<{ availability: Counts[] }>(
      `{ availability(hospitalCode: "RSUD-SKLERIK") { wardId bedClass total available occupied reserved cleaning closed seq } }`,
    );
    ward = res.data!.availability.find((r) => r.total >= 20)!;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await b?.close();
    await a?.close();
    await drop?.();
    if (queuePrefix) {
      const redis = new Redis(REDIS_URL!);
      const keys = await redis.keys(`${queuePrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  const watch = (via: Instance) => {
    const c = wsClient(via.baseUrl);
    clients.push(c);
    return new Watch<{ availabilityChanged: Counts }>(c, SUB, { w: ward.wardId, c: ward.bedClass });
  };
  const last = (w: Watch<{ availabilityChanged: Counts }>) => w.data.at(-1)?.availabilityChanged;

  it('a mutation through one instance reaches a subscriber of the other', async () => {
    const w = watch(b);
    await w.until((x) => x.data.length === 1, 'the current state');
    const [bed] = await bedsOfWard(a, token, ward.wardId, 1);
    await setBedStatus(a, token, bed, 'RESERVED');
    await w.until((x) => x.data.length === 2, 'the change made through A');
    expect(last(w)).toMatchObject({ available: ward.available - 1, reserved: ward.reserved + 1 });
    await setBedStatus(b, token, bed, 'AVAILABLE');
    await w.until((x) => last(x)?.available === ward.available, 'the change made through B');
    w.close();
  });

  it('after 1,000 rapid changes on one ward, every subscriber ends on the database counts, seq never going back', async () => {
    // On the wire (Redis), each counter change goes out exactly once and in order, whichever relay sends it.
    const wire = new Redis(REDIS_URL!);
    const onWire: bigint[] = [];
    wire.on('message', (_channel: string, message: string) => {
      const m = JSON.parse(message) as Counts;
      if (m.wardId === ward.wardId && m.bedClass === ward.bedClass) onWire.push(BigInt(m.seq));
    });
    await wire.subscribe(`${prefix}availabilityChanged`);
    const before = BigInt((await countsInDatabase(a.db, ward.wardId, ward.bedClass)).seq as string);
    const watchers = [watch(a), watch(a), watch(a), watch(b), watch(b), watch(b)];
    await Promise.all(watchers.map((w) => w.until((x) => x.data.length === 1, 'the current state')));
    const beds: BedRef[] = await bedsOfWard(a, token, ward.wardId, 10);
    const CHANGES = 1000;
    let done = 0;
    const started = Date.now();
    // Straight to each instance's BedsService (the same transaction as the mutations, without the
    // HTTP and GraphQL layers), so the changes come fast enough to pile up behind the relays.
    const [admin] = await a.db.query(`SELECT id FROM users WHERE username = 'admin'`);
    const actor: Principal = { id: admin.id as string, username: 'admin', roles: ['ADMIN'], wardIds: [], hospitalId: null, hospitalCode: null };
    const services = [a.app.get(BedsService), b.app.get(BedsService)];
    // Each worker owns one bed and moves it AVAILABLE -> X -> AVAILABLE ..., through both instances.
    await Promise.all(
      beds.map(async (bed, i) => {
        const others = ['RESERVED', 'CLOSED', 'CLEANING'] as const;
        let k = i;
        while (done < CHANGES) {
          done++;
          const status = bed.status === 'AVAILABLE' ? others[k++ % others.length] : 'AVAILABLE';
          const changed = await services[k % 2].changeStatus(actor, { bedId: bed.id, expectedVersion: bed.version, status, reason: 'uji' });
          bed.version = changed.version;
          bed.status = changed.status;
        }
      }),
    );
    const mutationMs = Date.now() - started;
    await eventually(async () => (await outboxSize(a.db)) === 0, 'an empty outbox', 30000);
    const expected = await countsInDatabase(a.db, ward.wardId, ward.bedClass);
    await Promise.all(watchers.map((w) => w.until((x) => last(x)?.seq === expected.seq, `seq ${expected.seq as string}`, 30000)));
    const deliveredMs = Date.now() - started;
    for (const w of watchers) {
      const seqs = w.data.map((d) => BigInt(d.availabilityChanged.seq));
      expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1])).toBe(true);
      expect(last(w)).toMatchObject(expected);
    }
    wire.disconnect();
    expect(onWire).toEqual(Array.from({ length: CHANGES }, (_, i) => before + BigInt(i + 1)));
    const counts = watchers.map((w) => w.data.length);
    process.stdout.write(
      `[availability-replicas] ${CHANGES} changes in ${mutationMs} ms through 2 instances' BedsService; every subscriber on the final counts after ${deliveredMs} ms; messages per subscriber ${Math.min(...counts)}-${Math.max(...counts)}\n`,
    );
    watchers.forEach((w) => w.close());
  });
});
