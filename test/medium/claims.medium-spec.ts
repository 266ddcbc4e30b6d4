import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LedgerService } from '../../src/ledger/ledger.service';
import { newClaim, newFund, newUser, type TestUser } from '../support/factories';
import { Medium } from '../support/medium';

// The claim lifecycle through the ledger's services; the hold is placed by calling the
// worker's job (placeHold) directly, as ROLE api runs no worker.

let m: Medium;
let ledger: LedgerService;
let clerk: TestUser;
let verifier: TestUser;
let finance: TestUser;

beforeAll(async () => {
  m = await Medium.start();
  ledger = m.get(LedgerService);
  [clerk, verifier, finance] = [await newUser(m, 'ADMISSIONS'), await newUser(m, 'VERIFIER'), await newUser(m, 'FINANCE')];
});
afterAll(() => m?.close());

describe('LedgerService claim lifecycle on PostgreSQL', () => {
  it('submit -> hold -> verify -> pay moves the money between the accounts, and only once', async () => {
    const fund = await newFund(m, 100_000_000n);
    const claim = await newClaim(m, clerk.principal, fund, { amount: 40_000_000n });
    expect(claim.status).toBe('REQUESTED');
    expect(await ledger.placeHold(claim.id)).toBe('HELD');
    expect(await ledger.placeHold(claim.id)).toBe('ALREADY_DONE');
    expect(await ledger.fundBalance(fund.id, undefined)).toMatchObject({ available: 60_000_000n, held: 40_000_000n, paid: 0n });
    expect((await ledger.verify(verifier.principal, claim.id)).status).toBe('VERIFIED');
    const paid = await ledger.pay(finance.principal, claim.id, 35_000_000n);
    expect(paid).toMatchObject({ status: 'PAID', paidAmount: 35_000_000n, heldAmount: 0n });
    // What was held and not paid goes back to the fund in the same posting.
    expect(await ledger.fundBalance(fund.id, undefined)).toMatchObject({ available: 65_000_000n, held: 0n, paid: 35_000_000n });
    await expect(ledger.pay(finance.principal, claim.id, 1n)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await ledger.history(claim.id)).map((e) => e.action)).toEqual(['SUBMIT', 'HOLD', 'VERIFY', 'PAY']);
    expect(await ledger.verifyLedger(fund.id)).toMatchObject({ valid: true, firstBrokenEntryId: null });
  });

  it('separation of duties: the submitter may not verify, the verifier may not pay', async () => {
    const fund = await newFund(m);
    const claim = await newClaim(m, clerk.principal, fund);
    await ledger.placeHold(claim.id);
    await expect(ledger.verify(clerk.principal, claim.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await ledger.claim(claim.id)).status).toBe('HELD');
    await ledger.verify(verifier.principal, claim.id);
    await expect(ledger.pay(verifier.principal, claim.id, 1_000_000n)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(ledger.pay(clerk.principal, claim.id, 1_000_000n)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await ledger.claim(claim.id)).toMatchObject({ status: 'VERIFIED', paidAmount: 0n });
  });

  it('a hold the fund cannot cover rejects the claim with INSUFFICIENT_FUNDS and moves no money', async () => {
    const fund = await newFund(m, 30_000_000n);
    const first = await newClaim(m, clerk.principal, fund, { amount: 25_000_000n });
    const second = await newClaim(m, clerk.principal, fund, { amount: 25_000_000n });
    expect(await ledger.placeHold(first.id)).toBe('HELD');
    expect(await ledger.placeHold(second.id)).toBe('REJECTED');
    expect((await ledger.claim(second.id)).rejectReason).toMatch(/^INSUFFICIENT_FUNDS/);
    expect(await ledger.fundBalance(fund.id, undefined)).toMatchObject({ available: 5_000_000n, held: 25_000_000n, paid: 0n });
  });

  it('concurrent holds never overdraw the fund', async () => {
    const fund = await newFund(m, 50_000_000n);
    const claims = await Promise.all(Array.from({ length: 6 }, () => newClaim(m, clerk.principal, fund, { amount: 10_000_000n })));
    const outcomes = await Promise.all(claims.map((c) => ledger.placeHold(c.id)));
    expect(outcomes.filter((o) => o === 'HELD')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'REJECTED')).toHaveLength(1);
    expect(await ledger.fundBalance(fund.id, undefined)).toMatchObject({ available: 0n, held: 50_000_000n });
  });
});
