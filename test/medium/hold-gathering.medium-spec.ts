import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ClaimCommandsService } from '../../src/ledger/claim-commands.service';
import { claimsOfHoldJob, HOLD_BATCH, LEDGER_POSTINGS_QUEUE, type HoldJobData } from '../../src/ledger/ledger.jobs';
import { LedgerQueriesService } from '../../src/ledger/ledger-queries.service';
import { QueueService } from '../../src/queue/queue.service';
import { admissionInYear, newClaim, newFund, newUser, type TestUser } from '../support/factories';
import type { FundModel } from '../../src/ledger/ledger.models';
import { Medium } from '../support/medium';

// A window long enough that submissions started together on a loaded machine still share it.
const GATHER_MS = 300;

interface QueuedJob {
  id?: string;
  name: string;
  data: HoldJobData;
}

let m: Medium;
let commands: ClaimCommandsService;
let clerk: TestUser;

beforeAll(async () => {
  m = await Medium.start({ LEDGER_HOLD_GATHER_MS: String(GATHER_MS) });
  commands = m.get(ClaimCommandsService);
  clerk = await newUser(m, 'ADMISSIONS');
});
afterAll(() => m?.close());

/** The hold jobs waiting in the queue (ROLE api: no worker takes them) that carry any of `claimIds`. */
async function holdJobsOf(claimIds: readonly string[]): Promise<QueuedJob[]> {
  const queue = m.get(QueueService).queue(LEDGER_POSTINGS_QUEUE) as unknown as { getJobs(types: string[]): Promise<QueuedJob[]> };
  const wanted = new Set(claimIds);
  return (await queue.getJobs(['waiting'])).filter((j) => claimsOfHoldJob(j.data).some((id) => wanted.has(id)));
}

/** `n` claims of Rp1 juta on `fund`, their admissions made first so the submissions start together. */
async function submittedTogether(fund: FundModel, n: number) {
  const admissions = await Promise.all(Array.from({ length: n }, () => admissionInYear(m, fund.fiscalYear)));
  return Promise.all(
    admissions.map((a) => newClaim(m, clerk.principal, fund, { amount: 1_000_000n, admissionId: a.id, medicalRecordNumber: a.medicalRecordNumber })),
  );
}

describe('hold jobs: the claims of one window share a job', () => {
  it('queues claims submitted together as one job, each claim in exactly one, the first claim naming it', async () => {
    const fund = await newFund(m);
    const claims = await submittedTogether(fund, 8);
    const jobs = await holdJobsOf(claims.map((c) => c.id));
    expect(jobs.length).toBeLessThan(claims.length);
    const carried = jobs.flatMap((j) => claimsOfHoldJob(j.data));
    expect([...carried].sort()).toEqual(claims.map((c) => c.id).sort());
    for (const job of jobs) expect(job.id).toBe(job.data.claimId);
  });

  it(`puts at most ${HOLD_BATCH} claims in one job`, async () => {
    const fund = await newFund(m);
    const claims = await submittedTogether(fund, HOLD_BATCH + 5);
    const jobs = await holdJobsOf(claims.map((c) => c.id));
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    for (const job of jobs) expect(claimsOfHoldJob(job.data).length).toBeLessThanOrEqual(HOLD_BATCH);
    expect(jobs.flatMap((j) => claimsOfHoldJob(j.data))).toHaveLength(claims.length);
  });

  it('a claim queued again by the sweep gets a job of its own, which finds it settled once the first job ran', async () => {
    const fund = await newFund(m);
    const claims = await submittedTogether(fund, 4);
    // A claim that shares a job but does not name it: the sweep's own job for it is a new one.
    const job = (await holdJobsOf(claims.map((c) => c.id))).find((j) => claimsOfHoldJob(j.data).length > 1)!;
    const swept = claimsOfHoldJob(job.data).find((id) => id !== job.id)!;
    await commands.enqueueHold(swept);
    const own = (await holdJobsOf([swept])).find((j) => j.id === swept)!;
    expect(claimsOfHoldJob(own.data)).toEqual([swept]);
    expect(await commands.placeHoldsOfJob(claimsOfHoldJob(job.data), HOLD_BATCH)).toMatchObject({ HELD: claimsOfHoldJob(job.data).length });
    expect(await commands.placeHoldsOfJob(claimsOfHoldJob(own.data), HOLD_BATCH)).toEqual({ HELD: 0, REJECTED: 0, ALREADY_DONE: 1, UNKNOWN_CLAIM: 0 });
  });
});

describe('a hold job of several claims', () => {
  it('holds and rejects its claims oldest first and counts what it did to each, including claims settled before and unknown ones', async () => {
    const fund = await newFund(m, 50_000_000n);
    const queries = m.get(LedgerQueriesService);
    const claims = [];
    for (const amount of [20_000_000n, 20_000_000n, 20_000_000n, 5_000_000n]) claims.push(await newClaim(m, clerk.principal, fund, { amount }));
    // The first was held by an earlier job; the job then lists its claims in any order.
    expect(await commands.placeHold(claims[0].id)).toBe('HELD');
    const unknown = randomUUID();
    const tally = await commands.placeHoldsOfJob([claims[3].id, unknown, claims[1].id, claims[0].id, claims[2].id], HOLD_BATCH);
    expect(tally).toEqual({ HELD: 2, REJECTED: 1, ALREADY_DONE: 1, UNKNOWN_CLAIM: 1 });
    const statuses = await Promise.all(claims.map(async (c) => (await queries.claim(c.id)).status));
    expect(statuses).toEqual(['HELD', 'HELD', 'REJECTED', 'HELD']);
    expect(await queries.fundBalance(fund.id, undefined)).toMatchObject({ available: 5_000_000n, held: 45_000_000n, paid: 0n });
    // Run again (a retry, a second worker): nothing more is posted.
    expect(
      await commands.placeHoldsOfJob(
        claims.map((c) => c.id),
        HOLD_BATCH,
      ),
    ).toEqual({ HELD: 0, REJECTED: 0, ALREADY_DONE: 4, UNKNOWN_CLAIM: 0 });
    const [{ n }] = await m.db.query(`SELECT count(*)::int AS n FROM journal_entries WHERE fund_id = $1`, [fund.id]);
    expect(n).toBe(1 + 3);
  });
});
