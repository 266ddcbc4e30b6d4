import { randomBytes } from 'node:crypto';
import { freePort, hasProgram, RedisServer } from './support/live';
import { TestApp } from './support/test-app';
import { SUBMIT, claimInput, seededFundId, settled, type ClaimView } from './ledger-support';

// Needs the redis-server program: the test runs its own, to stop and restart it.
const canRun = hasProgram('redis-server');
const suite = canRun ? describe : describe.skip;
if (!canRun) process.stdout.write('[ledger-redis-outage] skipped: no redis-server program on this machine\n');

const SWEEP_SECONDS = 2;

suite('ledger: a claim submitted while Redis is down', () => {
  let redis: RedisServer;
  let t: TestApp;

  beforeAll(async () => {
    redis = new RedisServer(await freePort());
    await redis.start();
    const prefix = `siranap-test-${randomBytes(4).toString('hex')}`;
    t = await TestApp.start({ REDIS_URL: redis.url, QUEUE_PREFIX: prefix, PUBSUB_PREFIX: `${prefix}:`, LEDGER_SWEEP_SECONDS: String(SWEEP_SECONDS) });
  });
  afterAll(async () => {
    try {
      await redis?.start().catch(() => undefined);
      await t?.close();
    } finally {
      await redis?.stop();
    }
  });

  it('is answered REQUESTED within 2 s, held within the sweep bound once Redis is back, and posted once', async () => {
    const admin = await t.adminToken();
    const admissions = await t.userToken(['ADMISSIONS'], [], admin);
    const fundId = await seededFundId(t);
    const before = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId) }, admissions);
    expect(await settled(t, before.data!.submitClaim.id)).toBe('HELD');

    await redis.stop();
    const input = claimInput(fundId, { amount: '7000000' });
    let started = Date.now();
    const during = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: input }, admissions);
    const answeredMs = Date.now() - started;
    expect(during.errors).toBeUndefined();
    expect(during.data!.submitClaim.status).toBe('REQUESTED');
    expect(answeredMs).toBeLessThan(2000);
    // The same submission again (a client retrying): the same claim, as fast.
    started = Date.now();
    const retried = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: input }, admissions);
    expect(retried.data!.submitClaim.id).toBe(during.data!.submitClaim.id);
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 1500)); // a sweep or so, failing against the dead Redis
    const [{ status: stillRequested }] = await t.db.query(`SELECT status FROM claims WHERE id = $1`, [during.data!.submitClaim.id]);
    expect(stillRequested).toBe('REQUESTED');

    await redis.start();
    const back = Date.now();
    // Reconnecting (ioredis backs off up to 2 s) plus one sweep interval, with a margin for a loaded machine.
    expect(await settled(t, during.data!.submitClaim.id, 2000 + SWEEP_SECONDS * 1000 + 6000)).toBe('HELD');
    const heldAfterMs = Date.now() - back;
    const postings: { kind: string }[] = await t.db.query(`SELECT kind FROM journal_entries WHERE claim_id = $1`, [during.data!.submitClaim.id]);
    expect(postings.map((p) => p.kind)).toEqual(['HOLD']);
    const history: { action: string }[] = await t.db.query(`SELECT action FROM claim_events WHERE claim_id = $1 ORDER BY id`, [during.data!.submitClaim.id]);
    expect(history.map((h) => h.action)).toEqual(['SUBMIT', 'HOLD']);
    process.stdout.write(`[ledger-redis-outage] answered in ${answeredMs} ms while Redis was down; held ${heldAfterMs} ms after it returned\n`);
  }, 60_000);
});
