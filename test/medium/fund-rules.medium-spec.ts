import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClaimCommandsService } from '../../src/ledger/claim-commands.service';
import { ClaimDocumentsService } from '../../src/ledger/claim-documents.service';
import { LedgerQueriesService } from '../../src/ledger/ledger-queries.service';
import { LedgerReportsService } from '../../src/ledger/ledger-reports.service';
import { LedgerSealsService } from '../../src/ledger/ledger-seals.service';
import { admissionInYear, newClaim, newFund, newUser, sp2d, type TestUser } from '../support/factories';
import { Medium } from '../support/medium';

// The fund rules through the services: partial verification, SP2D, fiscal years, expiry and
// payment flags (the worker's jobs called directly), closing a year, documents in the journal.

let m: Medium;
let commands: ClaimCommandsService;
let queries: LedgerQueriesService;
let clerk: TestUser;
let verifier: TestUser;
let finance: TestUser;
const DAY = 86_400_000;

beforeAll(async () => {
  m = await Medium.start({ CLAIM_HOLD_DAYS: '2', CLAIM_PAYMENT_DAYS: '3', CLAIM_DUPLICATE_WINDOW_DAYS: '30' });
  commands = m.get(ClaimCommandsService);
  queries = m.get(LedgerQueriesService);
  [clerk, verifier, finance] = [await newUser(m, 'ADMISSIONS'), await newUser(m, 'VERIFIER'), await newUser(m, 'FINANCE')];
});
afterAll(() => m?.close());

describe('fund rules on PostgreSQL', () => {
  it('a partial verification releases exactly the rest in one posting; the SP2D is unique per fund', async () => {
    const fund = await newFund(m, 100_000_000n);
    const a = await newClaim(m, clerk.principal, fund, { amount: 40_000_000n });
    await commands.placeHold(a.id);
    await expect(commands.verify(verifier.principal, a.id, 40_000_001n)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const verified = await commands.verify(verifier.principal, a.id, 30_000_000n);
    expect(verified).toMatchObject({ status: 'VERIFIED', heldAmount: 30_000_000n, verifiedAmount: 30_000_000n });
    expect(await queries.fundBalance(fund.id, undefined)).toMatchObject({ available: 70_000_000n, held: 30_000_000n, paid: 0n });
    const slip = sp2d();
    await expect(commands.pay(finance.principal, a.id, 1n, { number: slip.number, date: '2025-02-30' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await commands.pay(finance.principal, a.id, 30_000_000n, slip)).toMatchObject({ status: 'PAID', sp2dNumber: slip.number, sp2dDate: slip.date });

    const b = await newClaim(m, clerk.principal, fund, { amount: 1_000_000n });
    await commands.placeHold(b.id);
    await commands.verify(verifier.principal, b.id);
    await expect(commands.pay(finance.principal, b.id, 1_000_000n, slip)).rejects.toMatchObject({ code: 'DUPLICATE' });
    expect((await queries.claim(b.id)).status).toBe('VERIFIED');
    expect(await queries.verifyLedger(fund.id)).toMatchObject({ valid: true });
  });

  it('a claim for another fiscal year is refused naming the right year; the opening counts from 1 January', async () => {
    const fund = await newFund(m, 5_000_000n);
    const admission = await admissionInYear(m, fund.fiscalYear + 1);
    await expect(newClaim(m, clerk.principal, fund, { admissionId: admission.id, medicalRecordNumber: admission.medicalRecordNumber })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining(`fiscal year ${fund.fiscalYear + 1}`),
    });
    const jan1 = new Date(`${fund.fiscalYear}-01-01T00:00:00+08:00`);
    expect(await queries.fundBalance(fund.id, jan1)).toMatchObject({ available: 5_000_000n });
    expect(await queries.fundBalance(fund.id, new Date(jan1.getTime() - 1))).toMatchObject({ available: 0n });
  });

  it('an expired hold is released once by the system with its reason; a verified claim unpaid is flagged, not released', async () => {
    const fund = await newFund(m, 10_000_000n);
    const c = await newClaim(m, clerk.principal, fund, { amount: 4_000_000n });
    await commands.placeHold(c.id);
    expect(await commands.expireHold(c.id, new Date(Date.now() + 1 * DAY))).toBe('NOT_DUE');
    const later = new Date(Date.now() + 2 * DAY + 1000);
    const outcomes = await Promise.all([commands.expireHold(c.id, later), commands.expireHold(c.id, later)]);
    expect(outcomes.sort()).toEqual(['ALREADY_DONE', 'EXPIRED']);
    const history = await queries.history(c.id);
    expect(history.at(-1)).toMatchObject({
      action: 'EXPIRE',
      toStatus: 'EXPIRED',
      actorId: null,
      amount: 4_000_000n,
      reason: expect.stringMatching(/CLAIM_HOLD_DAYS/),
    });
    // The release is posted at the (simulated) moment the worker ran.
    expect(await queries.fundBalance(fund.id, later)).toMatchObject({ available: 10_000_000n, held: 0n });

    const v = await newClaim(m, clerk.principal, fund, { amount: 1_000_000n });
    await commands.placeHold(v.id);
    await commands.verify(verifier.principal, v.id);
    expect(await commands.expireHold(v.id, later)).toBe('ALREADY_DONE');
    expect(await commands.flagOverduePayment(v.id, new Date(Date.now() + 3 * DAY + 1000))).toBe('FLAGGED');
    expect(await commands.flagOverduePayment(v.id, new Date(Date.now() + 4 * DAY))).toBe('ALREADY_DONE');
    expect(await queries.claim(v.id)).toMatchObject({ status: 'VERIFIED', heldAmount: 1_000_000n, paymentOverdueAt: expect.any(Date) });
  });

  it('a closed year takes refunds only and is sealed; closing with claims in flight is refused', async () => {
    const fund = await newFund(m, 10_000_000n);
    const c = await newClaim(m, clerk.principal, fund, { amount: 2_000_000n });
    await commands.placeHold(c.id);
    const seals = m.get(LedgerSealsService);
    await expect(seals.closeFund(finance.principal, fund.id)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await commands.verify(verifier.principal, c.id);
    await commands.pay(finance.principal, c.id, 2_000_000n, sp2d());
    expect((await seals.closeFund(finance.principal, fund.id)).closedAt).toBeInstanceOf(Date);
    await expect(newClaim(m, clerk.principal, fund)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/closed/) });
    expect(await commands.refund(finance.principal, c.id, 500_000n, 'BPJS membayar kemudian')).toMatchObject({ status: 'REFUNDED' });
    const [seal] = await seals.seals(fund.id);
    expect(seal).toMatchObject({ period: `FY-${fund.fiscalYear}`, paid: 2_000_000n, entryCount: 3 });
  });

  it("a document's hash goes into the claim's next entry; a swapped file is named by verifyLedger; duplicates are flagged", async () => {
    const fund = await newFund(m, 10_000_000n);
    const c = await newClaim(m, clerk.principal, fund, { amount: 3_000_000n, nik: '5371010101010009' });
    const docs = m.get(ClaimDocumentsService);
    await expect(docs.attach(clerk.principal, c.id, 'x.pdf', Buffer.from('<html>'))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(docs.attach(verifier.principal, c.id, 'x.pdf', Buffer.from('%PDF-1.4'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const doc = await docs.attach(clerk.principal, c.id, 'resume.pdf', Buffer.from('%PDF-1.4 resume medis'));
    await commands.placeHold(c.id);
    const [entry] = await m.db.query<{ id: string; documents: { id: string; sha256: string }[] }[]>(
      `SELECT id, documents FROM journal_entries WHERE claim_id = $1 AND kind = 'HOLD'`,
      [c.id],
    );
    expect(entry.documents).toEqual([{ id: doc.id, sha256: doc.sha256 }]);
    expect(await queries.verifyLedger(fund.id)).toMatchObject({ valid: true, changedDocumentIds: [] });

    const second = await newClaim(m, clerk.principal, fund, { amount: 1_000n, nik: '5371010101010009' });
    expect(await m.get(LedgerReportsService).duplicates(second.id)).toEqual([
      expect.objectContaining({ claimId: c.id, reasons: ['SAME_NIK', 'WITHIN_WINDOW'] }),
    ]);

    await m.db.query(`ALTER TABLE claim_documents DISABLE TRIGGER claim_documents_append_only`);
    await m.db.query(`UPDATE claim_documents SET content = $2 WHERE id = $1`, [doc.id, Buffer.from('%PDF-1.4 palsu')]);
    await m.db.query(`ALTER TABLE claim_documents ENABLE TRIGGER claim_documents_append_only`);
    expect(await queries.verifyLedger(fund.id)).toMatchObject({ valid: false, firstBrokenEntryId: entry.id, changedDocumentIds: [doc.id] });
  });
});
