import type { Client } from 'graphql-ws';
import { TestApp } from './support/test-app';
import { sleep, Watch, wsClient } from './support/live';

// Pub/sub here runs on PostgreSQL LISTEN/NOTIFY (no REDIS_URL given to the app); the Redis
// paths have their own test files.

interface Counts {
  wardId: string;
  wardName: string;
  bedClass: string;
  available: number;
  reserved: number;
  occupied: number;
  total: number;
  seq: string;
}
interface BedChange {
  bedId: string;
  wardId: string;
  code: string;
  status: string;
  fromStatus: string | null;
  version: number;
}

const COUNTS = `wardId wardName bedClass total available reserved occupied seq`;
const AVAILABILITY_SUB = `subscription($h: String, $w: ID, $c: BedClass) { availabilityChanged(hospitalCode: $h, wardId: $w, bedClass: $c) { ${COUNTS} } }`;
const BED_SUB = `subscription($w: ID!) { bedChanged(wardId: $w) { bedId wardId code status fromStatus version } }`;

describe('live availability over graphql-ws', () => {
  let t: TestApp;
  let admin: string;
  let wards: Counts[];
  const clients: Client[] = [];
  const client = (token?: string) => {
    const c = wsClient(t.baseUrl, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    const res = await t.gql<{ availability: Counts[] }>(`{ availability(hospitalCode: "RSUD-SKLERIK") { ${COUNTS} } }`);
    wards = res.data!.availability;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  const freeBed = async (wardId: string) => {
    const res = await t.gql<{ beds: { edges: { node: { id: string; version: number } }[] } }>(
      `query($w: ID!) { beds(filter: { wardId: $w, status: AVAILABLE }, first: 1) { edges { node { id version } } } }`,
      { w: wardId },
      admin,
    );
    return res.data!.beds.edges[0].node;
  };
  const reserve = async (wardId: string, token = admin) => {
    const bed = await freeBed(wardId);
    const res = await t.gql(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { id version } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, status: 'RESERVED', reason: 'pasien IGD' } },
      token,
    );
    expect(res.errors).toBeUndefined();
    return bed.id;
  };
  const outboxRows = async () => (await t.db.query('SELECT count(*)::int AS n FROM outbox'))[0].n as number;

  it('sends an anonymous subscriber the current counts first, then the counts after a staff mutation', async () => {
    const ward = wards[0];
    const w = new Watch<{ availabilityChanged: Counts }>(client(), AVAILABILITY_SUB, { h: 'RSUD-SKLERIK', w: ward.wardId, c: ward.bedClass });
    await w.until((x) => x.data.length === 1, 'the current state');
    expect(w.data[0].availabilityChanged).toEqual(ward);

    await reserve(ward.wardId);
    await w.until((x) => x.data.length === 2, 'the new counts');
    const after = w.data[1].availabilityChanged;
    expect(after).toMatchObject({ available: ward.available - 1, reserved: ward.reserved + 1, total: ward.total });
    expect(BigInt(after.seq)).toBeGreaterThan(BigInt(ward.seq));
    const metrics = await fetch(`${t.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/siranap_live_subscriptions\{feed="availability"\} [1-9]/);
    w.close();
  });

  it('sends a whole hospital as one message per ward and class, then only what changed', async () => {
    const w = new Watch<{ availabilityChanged: Counts }>(client(), AVAILABILITY_SUB, { h: 'RSUD-SKLERIK' });
    await w.until((x) => x.data.length === wards.length, 'every ward and class');
    const ward = wards[1];
    await reserve(ward.wardId);
    await w.until((x) => x.data.length === wards.length + 1, 'the change');
    expect(w.data.at(-1)!.availabilityChanged).toMatchObject({ wardId: ward.wardId, available: ward.available - 1 });
    w.close();
  });

  it('refuses an unknown hospital with NOT_FOUND', async () => {
    const w = new Watch<{ availabilityChanged: Counts }>(client(), AVAILABILITY_SUB, { h: 'NO-SUCH' });
    await w.until((x) => x.errorCode !== undefined, 'the refusal');
    expect(w.errorCode).toBe('NOT_FOUND');
  });

  it('refuses bedChanged without a login (UNAUTHENTICATED) and to staff of another ward (FORBIDDEN)', async () => {
    const [a, b] = [wards[2], wards[3]];
    const anon = new Watch(client(), BED_SUB, { w: a.wardId });
    await anon.until((x) => x.errorCode !== undefined, 'the refusal');
    expect(anon.errorCode).toBe('UNAUTHENTICATED');

    const staffB = await t.userToken(['WARD_STAFF'], [b.wardId], admin);
    const other = new Watch(client(staffB), BED_SUB, { w: a.wardId });
    await other.until((x) => x.errorCode !== undefined, 'the refusal');
    expect(other.errorCode).toBe('FORBIDDEN');
    expect(other.data).toHaveLength(0);

    const bad = new Watch(client('not-a-token'), AVAILABILITY_SUB, { h: 'RSUD-SKLERIK' });
    await bad.until((x) => x.errorCode !== undefined, 'the refusal');
    expect(bad.errorCode).toBe('UNAUTHENTICATED');
  });

  it("gives ward staff their ward's beds and changes, and nothing of another ward", async () => {
    const [a, b] = [wards[4], wards[5]];
    const staffA = await t.userToken(['WARD_STAFF'], [a.wardId], admin);
    const mine = new Watch<{ bedChanged: BedChange }>(client(staffA), BED_SUB, { w: a.wardId });
    await mine.until((x) => x.data.length === a.total, "the ward's beds");
    expect(mine.data.every((d) => d.bedChanged.wardId === a.wardId && d.bedChanged.fromStatus === null)).toBe(true);

    // A change in ward B: an anonymous watcher of B sees it; staff of A get nothing.
    const watchB = new Watch<{ availabilityChanged: Counts }>(client(), AVAILABILITY_SUB, { w: b.wardId, c: b.bedClass });
    await watchB.until((x) => x.data.length === 1, 'the current state of B');
    await reserve(b.wardId);
    await watchB.until((x) => x.data.length === 2, 'the change in B');
    await sleep(300);
    expect(mine.data).toHaveLength(a.total);

    // A change in ward A by its own staff reaches them, without patient data.
    const bedId = await reserve(a.wardId, staffA);
    await mine.until((x) => x.data.length === a.total + 1, 'the change in A');
    const change = mine.results.at(-1)!;
    expect(change.data!.bedChanged).toMatchObject({ bedId, wardId: a.wardId, fromStatus: 'AVAILABLE', status: 'RESERVED' });
    expect(Object.keys(change.data!.bedChanged).sort()).toEqual(['bedId', 'code', 'fromStatus', 'status', 'version', 'wardId']);
    mine.close();
    watchB.close();
  });

  it('publishes every outbox row and leaves the outbox empty', async () => {
    for (let i = 0; i < 50 && (await outboxRows()) > 0; i++) await sleep(100);
    expect(await outboxRows()).toBe(0);
  });
});
