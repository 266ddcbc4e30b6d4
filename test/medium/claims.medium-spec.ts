import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClaimCommandsService } from '../../src/ledger/claim-commands.service';
import { LedgerQueriesService } from '../../src/ledger/ledger-queries.service';
import { lockFund } from '../../src/ledger/funds.repository';
import { admissionInYear, newClaim, newFund, newUser, sp2d, type TestUser } from '../support/factories';
import { Medium } from '../support/medium';

// The claim lifecycle through the ledger's services; the hold is placed by calling the
// worker's job (placeHold) directly, as ROLE api runs no worker.

let m: Medium;
let commands: ClaimCommandsService;
let queries: LedgerQueriesService;
let clerk: TestUser;
let verifier: TestUser;
let finance: TestUser;

beforeAll(async () => {
  m = await Medium.start();
  commands = m.get(ClaimCommandsService);
  queries = m.get(LedgerQueriesService);
  [clerk, verifier, finance] = [await newUser(m, 'ADMISSIONS'), await newUser(m, 'VERIFIER'), await newUser(m, 'FINANCE')];
});
afterAll(() => m?.close());

describe('The claim lifecycle through the ledger services on PostgreSQL', () => {
  it('submit -> hold -> verify -> pay moves the money between the accounts, and only once', async () => {
    const fund = await newFund(m, 100_000_000n);
    const claim = await newClaim(m, clerk.principal, fund, { amount: 40_000_000n });
    expect(claim.status).toBe('REQUESTED');
    expect(await commands.placeHold(claim.id)).toBe('HELD');
    expect(await commands.placeHold(claim.id)).toBe('ALREADY_DONE');
    expect(await queries.fundBalance(fund.id, undefined)).toMatchObject({ available: 60_000_000n, held: 40_000_000n, paid: 0n });
    expect((await commands.verify(verifier.principal, claim.id)).status).toBe('VERIFIED');
    const paid = await commands.pay(finance.principal, claim.id, 35_000_000n, sp2d());
    expect(paid).toMatchObject({ status: 'PAID', paidAmount: 35_000_000n, heldAmount: 0n });
    // What was held and not paid goes back to the fund in the same posting.
    expect(await queries.fundBalance(fund.id, undefined)).toMatchObject({ available: 65_000_000n, held: 0n, paid: 35_000_000n });
    await expect(commands.pay(finance.principal, claim.id, 1n, sp2d())).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await queries.history(claim.id)).map((e) => e.action)).toEqual(['SUBMIT', 'HOLD', 'VERIFY', 'PAY']);
    expect(await queries.verifyLedger(fund.id)).toMatchObject({ valid: true, firstBrokenEntryId: null });
  });

  it('separation of duties: the submitter may not verify, the verifier may not pay', async () => {
    const fund = await newFund(m);
    const claim = await newClaim(m, clerk.principal, fund);
    await commands.placeHold(claim.id);
    await expect(commands.verify(clerk.principal, claim.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await queries.claim(claim.id)).status).toBe('HELD');
    await commands.verify(verifier.principal, claim.id);
    await expect(commands.pay(verifier.principal, claim.id, 1_000_000n, sp2d())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(commands.pay(clerk.principal, claim.id, 1_000_000n, sp2d())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await queries.claim(claim.id)).toMatchObject({ status: 'VERIFIED', paidAmount: 0n });
  });

  it('a hold the fund cannot cover rejects the claim with INSUFFICIENT_FUNDS and moves no money', async () => {
    const fund = await newFund(m, 30_000_000n);
    const first = await newClaim(m, clerk.principal, fund, { amount: 25_000_000n });
    const second = await newClaim(m, clerk.principal, fund, { amount: 25_000_000n });
    expect(await commands.placeHold(first.id)).toBe('HELD');
    expect(await commands.placeHold(second.id)).toBe('REJECTED');
    expect((await queries.claim(second.id)).rejectReason).toMatch(/^INSUFFICIENT_FUNDS/);
    expect(await queries.fundBalance(fund.id, undefined)).toMatchObject({ available: 5_000_000n, held: 25_000_000n, paid: 0n });
  });

  it('concurrent holds never overdraw the fund', async () => {
    const fund = await newFund(m, 50_000_000n);
    const claims = await Promise.all(Array.from({ length: 6 }, () => newClaim(m, clerk.principal, fund, { amount: 10_000_000n })));
    const outcomes = await Promise.all(claims.map((c) => commands.placeHold(c.id)));
    expect(outcomes.filter((o) => o === 'HELD')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'REJECTED')).toHaveLength(1);
    expect(await queries.fundBalance(fund.id, undefined)).toMatchObject({ available: 0n, held: 50_000_000n });
  });
});

describe('submitClaim in one statement', () => {
  it('concurrent submissions with one idempotency key record one claim with one SUBMIT event; other content under the key is DUPLICATE', async () => {
    const fund = await newFund(m);
    const admission = await admissionInYear(m, fund.fiscalYear);
    const same = { idempotencyKey: `same-key-${admission.id}`, admissionId: admission.id, medicalRecordNumber: admission.medicalRecordNumber };
    const claims = await Promise.all(Array.from({ length: 12 }, () => newClaim(m, clerk.principal, fund, same)));
    expect(new Set(claims.map((c) => c.id)).size).toBe(1);
    const [{ n }] = await m.db.query(`SELECT count(*)::int AS n FROM claims WHERE idempotency_key = $1`, [same.idempotencyKey]);
    expect(n).toBe(1);
    expect((await queries.history(claims[0].id)).map((e) => e.action)).toEqual(['SUBMIT']);
    await expect(newClaim(m, clerk.principal, fund, { ...same, amount: 1n })).rejects.toMatchObject({ code: 'DUPLICATE' });
  });

  it('a retry returns the first claim whatever became of it; the refusals keep their codes and order', async () => {
    const fund = await newFund(m);
    const admission = await admissionInYear(m, fund.fiscalYear);
    const same = { idempotencyKey: `retry-${admission.id}`, admissionId: admission.id, medicalRecordNumber: admission.medicalRecordNumber };
    const first = await newClaim(m, clerk.principal, fund, same);
    await commands.reject(verifier.principal, first.id, 'uji');
    expect(await newClaim(m, clerk.principal, fund, same)).toMatchObject({ id: first.id, status: 'REJECTED' });
    // Other content under the used key is DUPLICATE before anything else, even when it is not eligible either.
    await expect(newClaim(m, clerk.principal, fund, { ...same, emergency: false })).rejects.toMatchObject({ code: 'DUPLICATE' });
    await expect(newClaim(m, clerk.principal, fund, { fundId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // An admission of this fund's year submitted to another year's fund: the fiscal year refusal, before eligibility.
    const other = await newFund(m);
    const wrongYear = await admissionInYear(m, fund.fiscalYear);
    await expect(
      newClaim(m, clerk.principal, other, { admissionId: wrongYear.id, medicalRecordNumber: wrongYear.medicalRecordNumber, emergency: false }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { fiscalYear: fund.fiscalYear, fundId: fund.id } });
  });
});

describe('hold batches: the claims of a fund under one lock', () => {
  it('holds the earlier claims and rejects those the fund can no longer cover, in order, each its own entry in a valid chain', async () => {
    const fund = await newFund(m, 100_000_000n);
    const amounts = [30_000_000n, 30_000_000n, 30_000_000n, 30_000_000n, 20_000_000n, 5_000_000n];
    const claims = [];
    for (const amount of amounts) claims.push(await newClaim(m, clerk.principal, fund, { amount }));
    // The job of the third claim takes the whole fund's REQUESTED claims, oldest first.
    expect(await commands.placeHolds(claims[2].id, 50)).toBe('HELD');
    const statuses = await Promise.all(claims.map(async (c) => (await queries.claim(c.id)).status));
    expect(statuses).toEqual(['HELD', 'HELD', 'HELD', 'REJECTED', 'REJECTED', 'HELD']);
    expect((await queries.claim(claims[3].id)).rejectReason).toMatch(/^INSUFFICIENT_FUNDS: The fund has 10000000 available/);
    expect(await queries.fundBalance(fund.id, undefined)).toMatchObject({ available: 5_000_000n, held: 95_000_000n, paid: 0n });
    // Every other claim's job finds its claim settled.
    for (const c of claims) expect(await commands.placeHolds(c.id, 50)).toBe('ALREADY_DONE');
    const entries: { seq: number; claim_id: string | null }[] = await m.db.query(`SELECT seq, claim_id FROM journal_entries WHERE fund_id = $1 ORDER BY seq`, [
      fund.id,
    ]);
    expect(entries.map((e) => e.claim_id)).toEqual([null, claims[0].id, claims[1].id, claims[2].id, claims[5].id]);
    expect((await queries.history(claims[3].id)).map((e) => [e.action, e.toStatus])).toEqual([
      ['SUBMIT', 'REQUESTED'],
      ['REJECT', 'REJECTED'],
    ]);
    expect(await queries.verifyLedger(fund.id)).toMatchObject({ valid: true, entriesChecked: 5, firstBrokenEntryId: null });
  });

  it('a submission does not wait for a posting that holds the fund: its key check does not conflict with the posting lock', async () => {
    const fund = await newFund(m, 100_000_000n);
    const runner = m.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // What every posting takes first, kept while the claim is submitted from another connection.
      expect(await lockFund(runner, fund.id)).not.toBeNull();
      let timer: NodeJS.Timeout | undefined;
      const blocked = new Promise<'blocked'>((done) => (timer = setTimeout(() => done('blocked'), 5000)));
      const submitted = newClaim(m, clerk.principal, fund, { amount: 5_000_000n }).then((c) => c.status);
      try {
        expect(await Promise.race([submitted, blocked])).toBe('REQUESTED');
      } finally {
        clearTimeout(timer);
      }
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('leaves a claim locked by another transaction to it, and concurrent batches never overdraw the fund', async () => {
    const fund = await newFund(m, 100_000_000n);
    const claims = [];
    for (let i = 0; i < 24; i++) claims.push(await newClaim(m, clerk.principal, fund, { amount: 5_000_000n }));
    // A verifier's transaction holds the second claim: the batch skips it instead of waiting.
    const runner = m.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT id FROM claims WHERE id = $1 FOR UPDATE`, [claims[1].id]);
      expect(await commands.placeHolds(claims[0].id, 4)).toBe('HELD');
      expect((await queries.claim(claims[1].id)).status).toBe('REQUESTED');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    const outcomes = await Promise.all(claims.map((c) => commands.placeHolds(c.id, 4)));
    expect(outcomes.filter((o) => o === 'HELD' || o === 'REJECTED').length).toBeGreaterThan(0);
    const statuses = await Promise.all(claims.map(async (c) => (await queries.claim(c.id)).status));
    expect(statuses.filter((s) => s === 'HELD')).toHaveLength(20);
    expect(statuses.filter((s) => s === 'REJECTED')).toHaveLength(4);
    expect(await queries.fundBalance(fund.id, undefined)).toMatchObject({ available: 0n, held: 100_000_000n });
    expect(await queries.verifyLedger(fund.id)).toMatchObject({ valid: true, entriesChecked: 21 });
  });
});
