import request from 'supertest';
import { TestApp, errorCode } from './support/test-app';
import {
  BALANCE,
  PAY,
  payVars,
  REFUND,
  REJECT,
  SUBMIT,
  VERIFY,
  VERIFY_LEDGER,
  claimInput,
  journal,
  seededFundId,
  settled,
  type ClaimView,
} from './ledger-support';

describe('ledger: claim lifecycle, roles, bad input, audit views', () => {
  let t: TestApp;
  let fundId: string;
  let admin: string;
  let admissions: string;
  let verifier: string;
  let finance: string;
  let auditor: string;
  let wardStaff: string;

  beforeAll(async () => {
    // The largest ceiling PostgreSQL's bigint holds, for the big-amounts test (the default maximum is lower).
    t = await TestApp.start({ FUND_MAX_CEILING: '9223372036854775807' });
    admin = await t.adminToken();
    const [ward]: { id: string }[] = await t.db.query(`SELECT id FROM wards ORDER BY code LIMIT 1`);
    [admissions, verifier, finance, auditor, wardStaff] = await Promise.all(
      [['ADMISSIONS'], ['VERIFIER'], ['FINANCE'], ['AUDITOR'], ['WARD_STAFF']].map((roles) =>
        t.userToken(roles, roles[0] === 'WARD_STAFF' ? [ward.id] : [], admin),
      ),
    );
    fundId = await seededFundId(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function submitHeld(overrides: Record<string, unknown> = {}): Promise<ClaimView> {
    const res = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId, overrides) }, admissions);
    expect(res.errors).toBeUndefined();
    expect(await settled(t, res.data!.submitClaim.id)).toBe('HELD');
    return res.data!.submitClaim;
  }

  const balance = async (asOf?: string) =>
    (await t.gql<{ fundBalance: { available: string; held: string; paid: string } }>(BALANCE, { f: fundId, at: asOf ?? null }, auditor)).data!.fundBalance;

  it('seeds the 2025 fund with its Rp3.000.000.000 ceiling, exactly, opened by one posting', async () => {
    const res = await t.gql<{ funds: { fiscalYear: number; ceiling: string }[] }>(`{ funds { id name fiscalYear ceiling } }`, {}, auditor);
    // The seed opens the 2025 fund; the claims here go to the current year's fund (ledger-support).
    expect(res.data!.funds).toContainEqual(expect.objectContaining({ fiscalYear: 2025, ceiling: '3000000000' }));
    expect(await balance()).toMatchObject({ available: '3000000000', held: '0', paid: '0' });
    expect((await journal(t, fundId)).entries).toBe(1);
  });

  it('runs a claim through REQUESTED → HELD → VERIFIED → PAID → REFUNDED, each step by its role, all in the history', async () => {
    const before = await journal(t, fundId);
    const submitted = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId, { amount: '25000000' }) }, admissions);
    expect(submitted.errors).toBeUndefined();
    const claim = submitted.data!.submitClaim;
    expect(claim.status).toBe('REQUESTED'); // returned at once; the hold is queued
    expect(claim.evidence).toMatchObject({ payerStatusSeen: 'NO_BPJS', source: 'DECLARED', ground: 'NO_BPJS', nikPresent: false });
    expect(await settled(t, claim.id)).toBe('HELD');
    expect(await balance()).toMatchObject({ available: '2975000000', held: '25000000', paid: '0' });

    const verified = await t.gql<{ verifyClaim: ClaimView }>(VERIFY, { id: claim.id }, verifier);
    expect(verified.data!.verifyClaim.status).toBe('VERIFIED');
    const beforePay = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));

    const paid = await t.gql<{ payClaim: ClaimView }>(PAY, payVars(claim.id, '18500000'), finance);
    expect(paid.errors).toBeUndefined();
    expect(paid.data!.payClaim).toMatchObject({ status: 'PAID', paidAmount: '18500000', heldAmount: '0' });
    // Paid at most the hold; the remaining Rp6.500.000 went back to available.
    expect(await balance()).toMatchObject({ available: '2981500000', held: '0', paid: '18500000' });
    // The balance at a past moment comes from the journal up to then.
    expect(await balance(beforePay)).toMatchObject({ available: '2975000000', held: '25000000', paid: '0' });

    const refunded = await t.gql<{ refundClaim: ClaimView }>(REFUND, { id: claim.id, a: '18500000', r: 'BPJS paid later' }, finance);
    expect(refunded.data!.refundClaim).toMatchObject({ status: 'REFUNDED', refundedAmount: '18500000' });
    expect(await balance()).toMatchObject({ available: '3000000000', held: '0', paid: '0' });

    const history = refunded.data!.refundClaim.history;
    expect(history.map((h) => [h.action, h.toStatus])).toEqual([
      ['SUBMIT', 'REQUESTED'],
      ['HOLD', 'HELD'],
      ['VERIFY', 'VERIFIED'],
      ['PAY', 'PAID'],
      ['REFUND', 'REFUNDED'],
    ]);
    expect(history[1].actorUsername).toBe('ledger-worker');
    expect(new Set(history.map((h) => h.actorUsername)).size).toBe(4);
    expect(history.every((h) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
    expect(history[4].reason).toBe('BPJS paid later');

    const after = await journal(t, fundId);
    expect(after.entries - before.entries).toBe(3); // HOLD, PAY (with release), REFUND
    expect(after.unbalancedEntries).toBe(0);
    expect(after.debit).toBe(after.credit);
    expect(after.fund).toMatchObject({ available: '3000000000', held: '0', paid: '0' });
  });

  it('releases the hold of a rejected claim, with the reason and the verifier in the history', async () => {
    const claim = await submitHeld({ amount: '1000000' });
    const res = await t.gql<{ rejectClaim: ClaimView }>(REJECT, { id: claim.id, r: 'Bukan pasien IGD' }, verifier);
    expect(res.data!.rejectClaim).toMatchObject({ status: 'REJECTED', rejectReason: 'Bukan pasien IGD', heldAmount: '0' });
    expect(await balance()).toMatchObject({ available: '3000000000', held: '0' });
    expect(res.data!.rejectClaim.history.at(-1)).toMatchObject({ action: 'REJECT', fromStatus: 'HELD', amount: '1000000' });
  });

  it('carries amounts above 2^31 and 2^53 exactly', async () => {
    const open = await t.gql<{ openFund: { id: string; ceiling: string } }>(
      `mutation($i: OpenFundInput!) { openFund(input: $i) { id ceiling } }`,
      { i: { name: 'Uji angka besar', fiscalYear: 2021, ceiling: '9223372036854775807' } },
      finance,
    );
    expect(open.data!.openFund.ceiling).toBe('9223372036854775807');
    const bigFund = open.data!.openFund.id;
    // A claim of the 2021 fund is for a patient admitted in 2021: admit one, then date the admission back.
    const beds = await t.gql<{ beds: { edges: { node: { id: string; version: number } }[] } }>(
      `{ beds(filter: { status: AVAILABLE }, first: 1) { edges { node { id version } } } }`,
      {},
      admin,
    );
    const bed = beds.data!.beds.edges[0].node;
    const medicalRecordNumber = `RM-BIG-${Date.now()}`;
    await t.gql(
      `mutation($i: AdmitPatientInput!) { admitPatient(input: $i) { id } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, medicalRecordNumber, emergency: true, payerStatus: 'NO_BPJS' } },
      admin,
    );
    const [[admission]]: [{ id: string }[], number] = await t.db.query(
      `UPDATE admissions SET admitted_at = '2021-06-15T09:00:00+08:00' WHERE bed_id = $1 AND discharged_at IS NULL RETURNING id`,
      [bed.id],
    );
    const res = await t.gql<{ submitClaim: ClaimView }>(
      SUBMIT,
      { i: claimInput(bigFund, { amount: '9007199254740993', admissionId: admission.id, medicalRecordNumber }) },
      admissions,
    );
    expect(res.data!.submitClaim.amount).toBe('9007199254740993');
    expect(await settled(t, res.data!.submitClaim.id)).toBe('HELD');
    const b = await t.gql<{ fundBalance: { available: string; held: string } }>(BALANCE, { f: bigFund }, auditor);
    expect(b.data!.fundBalance).toMatchObject({ held: '9007199254740993', available: (9223372036854775807n - 9007199254740993n).toString() });
    const small = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId, { amount: 2147483649 }) }, admissions);
    expect(small.data!.submitClaim.amount).toBe('2147483649');
  });

  it('returns the same claim for a retried submission and refuses the key with other content', async () => {
    const input = claimInput(fundId, { amount: '500000' });
    const a = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: input }, admissions);
    const b = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: input }, admissions);
    expect(b.data!.submitClaim.id).toBe(a.data!.submitClaim.id);
    const other = await t.gql(SUBMIT, { i: { ...input, amount: '500001' } }, admissions);
    expect(errorCode(other)).toBe('DUPLICATE');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM claims WHERE idempotency_key = $1`, [input.idempotencyKey]);
    expect(n).toBe(1);
    await settled(t, a.data!.submitClaim.id);

    // Ten retries at once (a flaky network): one claim, one hold.
    const burst = claimInput(fundId, { amount: '700' });
    const results = await Promise.all(Array.from({ length: 10 }, () => t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: burst }, admissions)));
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(new Set(results.map((r) => r.data!.submitClaim.id)).size).toBe(1);
    const id = results[0].data!.submitClaim.id;
    expect(await settled(t, id)).toBe('HELD');
    const [{ holds }] = await t.db.query(`SELECT count(*)::int AS holds FROM journal_entries WHERE claim_id = $1`, [id]);
    expect(holds).toBe(1);
  });

  it('refuses patients with active BPJS and non-emergency patients (NOT_ELIGIBLE), storing nothing', async () => {
    const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM claims`);
    expect(errorCode(await t.gql(SUBMIT, { i: claimInput(fundId, { payerStatus: 'BPJS_ACTIVE', nik: '5371010101010001' }) }, admissions))).toBe('NOT_ELIGIBLE');
    expect(errorCode(await t.gql(SUBMIT, { i: claimInput(fundId, { emergency: false }) }, admissions))).toBe('NOT_ELIGIBLE');
    expect(errorCode(await t.gql(SUBMIT, { i: claimInput(fundId, { payerStatus: 'SELF_PAY', nik: '5371010101010001' }) }, admissions))).toBe('NOT_ELIGIBLE');
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM claims`);
    expect(after).toBe(before);
    // No NIK: eligible whatever else is declared (short of active BPJS).
    const noNik = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId, { payerStatus: 'SELF_PAY', amount: '1' }) }, admissions);
    expect(noNik.data!.submitClaim.evidence.ground).toBe('NO_NIK');
    await settled(t, noNik.data!.submitClaim.id);
  });

  it('decides on the admission record when the claim names one, and records it as evidence', async () => {
    const [bed]: { id: string; version: number }[] = await t.db.query(`SELECT id, version FROM beds WHERE status = 'AVAILABLE' ORDER BY code LIMIT 1`);
    const admit = await t.gql<{ admitPatient: { currentAdmission: { id: string } } }>(
      `mutation($i: AdmitPatientInput!) { admitPatient(input: $i) { currentAdmission { id } } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, medicalRecordNumber: 'RM-ADM-1', emergency: true, payerStatus: 'BPJS_ACTIVE' } },
      admin,
    );
    expect(admit.errors).toBeUndefined();
    const admissionId = admit.data!.admitPatient.currentAdmission.id;
    // Declared NO_BPJS, but the admission says BPJS_ACTIVE: the record wins.
    const res = await t.gql(SUBMIT, { i: claimInput(fundId, { admissionId, medicalRecordNumber: 'RM-ADM-1', payerStatus: 'NO_BPJS' }) }, admissions);
    expect(errorCode(res)).toBe('NOT_ELIGIBLE');
    expect(errorCode(await t.gql(SUBMIT, { i: claimInput(fundId, { admissionId, medicalRecordNumber: 'RM-OTHER' }) }, admissions))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SUBMIT, { i: claimInput(fundId, { admissionId: '00000000-0000-4000-8000-000000000000' }) }, admissions))).toBe('NOT_FOUND');
  });

  it('refuses bad amounts and unknown ids with their codes, posting nothing', async () => {
    const held = await submitHeld({ amount: '1000' });
    const before = await journal(t, fundId);
    const [{ n: claimsBefore }] = await t.db.query(`SELECT count(*)::int AS n FROM claims`);
    for (const amount of ['-1', '0', '1.5', 'abc', '', '1e6', '9223372036854775808', 1.5, -5, 2 ** 53]) {
      const res = await t.gql(SUBMIT, { i: claimInput(fundId, { amount }) }, admissions);
      expect([amount, errorCode(res)]).toEqual([amount, 'BAD_USER_INPUT']);
    }
    // A fractional literal in the query text is refused as well.
    const literal = await t.gql(`mutation { payClaim(id: "${held.id}", amount: 1.5, sp2dNumber: "1/SP2D", sp2dDate: "2026-01-01") { id } }`, {}, finance);
    expect(errorCode(literal)).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SUBMIT, { i: claimInput('00000000-0000-4000-8000-000000000000') }, admissions))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(SUBMIT, { i: claimInput('not-a-uuid') }, admissions))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SUBMIT, { i: claimInput(fundId, { nik: '123' }) }, admissions))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(BALANCE, { f: '00000000-0000-4000-8000-000000000000' }, auditor))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(VERIFY, { id: '00000000-0000-4000-8000-000000000000' }, verifier))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(PAY, payVars('00000000-0000-4000-8000-000000000000', '1'), finance))).toBe('NOT_FOUND');

    // Paying a claim that is not verified; paying more than held; paying zero; refunding more than paid.
    expect(errorCode(await t.gql(PAY, payVars(held.id, '1000'), finance))).toBe('INVALID_TRANSITION');
    expect(errorCode(await t.gql(REFUND, { id: held.id, a: '1', r: 'x' }, finance))).toBe('INVALID_TRANSITION');
    await t.gql(VERIFY, { id: held.id }, verifier);
    expect(errorCode(await t.gql(VERIFY, { id: held.id }, verifier))).toBe('INVALID_TRANSITION');
    expect(errorCode(await t.gql(PAY, payVars(held.id, '1001'), finance))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(PAY, payVars(held.id, '0'), finance))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(REJECT, { id: held.id, r: '   ' }, verifier))).toBe('BAD_USER_INPUT');
    const after = await journal(t, fundId);
    expect(after.entries).toBe(before.entries);
    expect(after.fund).toEqual(before.fund);
    const [{ n: claimsAfter }] = await t.db.query(`SELECT count(*)::int AS n FROM claims`);
    expect(claimsAfter).toBe(claimsBefore);

    expect((await t.gql<{ payClaim: ClaimView }>(PAY, payVars(held.id, '1000'), finance)).data!.payClaim.status).toBe('PAID');
    expect(errorCode(await t.gql(REFUND, { id: held.id, a: '1001', r: 'x' }, finance))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(REFUND, { id: held.id, a: '-1', r: 'x' }, finance))).toBe('BAD_USER_INPUT');
    expect((await journal(t, fundId)).entries).toBe(before.entries + 1);
    expect(errorCode(await t.gql(PAY, payVars(held.id, '1000'), finance))).toBe('INVALID_TRANSITION');
  });

  it('lets each role do only its part', async () => {
    const claim = await submitHeld({ amount: '100' });
    const cases: [string, string, Record<string, unknown>, (string | undefined)[]][] = [
      ['submit', SUBMIT, { i: claimInput(fundId) }, [verifier, finance, auditor, wardStaff, admin]],
      ['verify', VERIFY, { id: claim.id }, [admissions, finance, auditor, wardStaff, admin]],
      ['reject', REJECT, { id: claim.id, r: 'x' }, [admissions, finance, auditor, wardStaff, admin]],
      ['pay', PAY, payVars(claim.id, '1'), [admissions, verifier, auditor, wardStaff, admin]],
      ['refund', REFUND, { id: claim.id, a: '1', r: 'x' }, [admissions, verifier, auditor, wardStaff, admin]],
      ['verifyLedger', VERIFY_LEDGER, { f: fundId }, [admissions, verifier, wardStaff, admin]],
      ['drawdowns', `query { drawdowns { totalCount } }`, {}, [admissions, wardStaff, admin]],
      ['fundBalance', BALANCE, { f: fundId }, [wardStaff, admin]],
      ['openFund', `mutation { openFund(input: { name: "x", fiscalYear: 2030, ceiling: "1" }) { id } }`, {}, [admissions, verifier, auditor, admin]],
    ];
    for (const [name, query, vars, refused] of cases) {
      for (const token of refused) expect([name, errorCode(await t.gql(query, vars, token))]).toEqual([name, 'FORBIDDEN']);
      expect([name, errorCode(await t.gql(query, vars))]).toEqual([name, 'UNAUTHENTICATED']);
    }
    const [{ status }] = await t.db.query(`SELECT status FROM claims WHERE id = $1`, [claim.id]);
    expect(status).toBe('HELD');
    expect(errorCode(await t.gql(`{ funds { id } }`))).toBe('UNAUTHENTICATED');
  });

  it('gives auditors drawdowns with filters, totals for the whole filter, and pages', async () => {
    const mrn = 'RM-AUDIT-1';
    const a = await submitHeld({ medicalRecordNumber: mrn, amount: '300' });
    const b = await submitHeld({ medicalRecordNumber: mrn, amount: '200' });
    await t.gql(VERIFY, { id: a.id }, verifier);
    await t.gql(PAY, payVars(a.id, '250'), finance);
    // `first` is a literal: the query cost limit counts list sizes it can see.
    const Q = `query($f: DrawdownFilter, $after: String) { drawdowns(filter: $f, first: 1, after: $after) {
      totalCount totals { requested held paid refunded } pageInfo { hasNextPage endCursor } edges { node { id status amount } } } }`;
    type Page = {
      drawdowns: {
        totalCount: number;
        totals: Record<string, string>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { id: string } }[];
      };
    };
    const first = await t.gql<Page>(Q, { f: { fundId, medicalRecordNumber: mrn } }, auditor);
    expect(first.data!.drawdowns).toMatchObject({ totalCount: 2, totals: { requested: '500', held: '200', paid: '250', refunded: '0' } });
    expect(first.data!.drawdowns.edges.map((e) => e.node.id)).toEqual([b.id]);
    const second = await t.gql<Page>(Q, { f: { fundId, medicalRecordNumber: mrn }, after: first.data!.drawdowns.pageInfo.endCursor }, auditor);
    expect(second.data!.drawdowns.edges.map((e) => e.node.id)).toEqual([a.id]);
    expect(second.data!.drawdowns.pageInfo.hasNextPage).toBe(false);
    const paid = await t.gql<Page>(Q, { f: { status: 'PAID', medicalRecordNumber: mrn } }, finance);
    expect(paid.data!.drawdowns.totalCount).toBe(1);
    const future = await t.gql<Page>(Q, { f: { from: '2999-01-01T00:00:00Z' } }, auditor);
    expect(future.data!.drawdowns.totalCount).toBe(0);
    expect(errorCode(await t.gql(Q, { f: { status: 'NOPE' } }, auditor))).toBe('BAD_USER_INPUT');
  });

  it('exports drawdowns as streamed CSV to AUDITOR and FINANCE only', async () => {
    const ok = await request(t.http).get(`/ledger/claims.csv?fundId=${fundId}`).set('authorization', `Bearer ${auditor}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/text\/csv/);
    expect(ok.headers['transfer-encoding']).toBe('chunked');
    const lines = ok.text.trim().split('\r\n');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM claims WHERE fund_id = $1`, [fundId]);
    expect(ok.text.charCodeAt(0)).toBe(0xfeff); // a BOM, so Excel reads UTF-8
    expect(lines[0]).toMatch(/^"claim_id";"status";"medical_record_number"/);
    expect(lines).toHaveLength(n + 1);
    expect((await request(t.http).get('/ledger/claims.csv').set('authorization', `Bearer ${finance}`)).status).toBe(200);
    expect((await request(t.http).get('/ledger/claims.csv')).status).toBe(401);
    expect((await request(t.http).get('/ledger/claims.csv').set('authorization', 'Bearer nonsense')).status).toBe(401);
    for (const token of [admissions, verifier, wardStaff, admin]) {
      const res = await request(t.http).get('/ledger/claims.csv').set('authorization', `Bearer ${token}`);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    const bad = await request(t.http).get('/ledger/claims.csv?status=NOPE').set('authorization', `Bearer ${auditor}`);
    expect([bad.status, bad.body.code]).toEqual([400, 'BAD_USER_INPUT']);
  });

  it('verifies the hash chain, and names the entry altered directly in SQL', async () => {
    const intact = await t.gql<{ verifyLedger: { valid: boolean; entriesChecked: number; headHash: string; firstBrokenEntryId: string | null } }>(
      VERIFY_LEDGER,
      { f: fundId },
      auditor,
    );
    const { entries } = await journal(t, fundId);
    expect(intact.data!.verifyLedger).toMatchObject({ valid: true, entriesChecked: entries, firstBrokenEntryId: null });
    expect(intact.data!.verifyLedger.headHash).toMatch(/^[0-9a-f]{64}$/);

    // The journal refuses changes...
    await expect(t.db.query(`UPDATE journal_lines SET debit = debit + 1 WHERE debit > 0`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM journal_entries`)).rejects.toThrow(/append-only/);
    // ...so an attacker with the database owner's rights disables the trigger first.
    const [victim]: { entry_id: string; id: string }[] = await t.db.query(
      `SELECT l.entry_id, l.id FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
        WHERE e.fund_id = $1 AND e.kind = 'PAY' AND l.account = 'PAID' ORDER BY e.seq LIMIT 1`,
      [fundId],
    );
    await t.db.query(`ALTER TABLE journal_lines DISABLE TRIGGER journal_lines_append_only`);
    await t.db.query(`UPDATE journal_lines SET debit = 1 WHERE id = $1`, [victim.id]);
    await t.db.query(`ALTER TABLE journal_lines ENABLE TRIGGER journal_lines_append_only`);
    const broken = await t.gql<{ verifyLedger: { valid: boolean; entriesChecked: number; firstBrokenEntryId: string } }>(VERIFY_LEDGER, { f: fundId }, finance);
    expect(broken.data!.verifyLedger).toMatchObject({ valid: false, entriesChecked: entries, firstBrokenEntryId: victim.entry_id });
  });
});
