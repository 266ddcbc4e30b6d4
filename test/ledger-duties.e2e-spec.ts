import { TestApp, errorCode } from './support/test-app';
import { PAY, payVars, SUBMIT, VERIFY, claimInput, journal, seededFundId, settled, type ClaimView } from './ledger-support';

const OPEN = `mutation($i: OpenFundInput!) { openFund(input: $i) { id ceiling } }`;

describe('ledger: separation of duties on each claim, and the fund ceiling bound', () => {
  let t: TestApp;
  let admin: string;
  let fundId: string;
  let admissions: string;
  let verifier: string;
  let finance: string;
  let otherFinance: string;

  /**
   * A user holding several duties at once (set in the database, as older accounts may be): the
   * per-claim rule must hold whatever the roles.
   */
  async function userWithRoles(roles: string[]): Promise<{ token: string; id: string }> {
    const username = `multi${Math.random().toString(36).slice(2, 10)}`;
    const created = await t.gql<{ createUser: { id: string } }>(
      `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
      { i: { username, password: 'password-123456', roles: [roles[0]], wardIds: [] } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    await t.db.query(`UPDATE users SET roles = $2 WHERE id = $1`, [created.data!.createUser.id, roles]);
    return { token: await t.login(username, 'password-123456'), id: created.data!.createUser.id };
  }

  async function heldClaim(by: string): Promise<ClaimView> {
    const res = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId, { amount: '1000000' }) }, by);
    expect(res.errors).toBeUndefined();
    expect(await settled(t, res.data!.submitClaim.id)).toBe('HELD');
    return res.data!.submitClaim;
  }

  const statusOf = async (id: string): Promise<string> => (await t.db.query(`SELECT status FROM claims WHERE id = $1`, [id]))[0].status as string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    [admissions, verifier, finance, otherFinance] = await Promise.all(['ADMISSIONS', 'VERIFIER', 'FINANCE', 'FINANCE'].map((r) => t.userToken([r], [], admin)));
    fundId = await seededFundId(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses the submitter as verifier, whatever roles they hold, and changes nothing', async () => {
    const all = await userWithRoles(['ADMISSIONS', 'VERIFIER', 'FINANCE']);
    const claim = await heldClaim(all.token);
    const before = await journal(t, fundId);
    const res = await t.gql(VERIFY, { id: claim.id }, all.token);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(res.errors![0].message).toBe('You submitted this claim, so you may not verify it; another VERIFIER user must.');
    expect(await statusOf(claim.id)).toBe('HELD');
    expect((await journal(t, fundId)).entries).toBe(before.entries);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM claim_events WHERE claim_id = $1 AND action = 'VERIFY'`, [claim.id]);
    expect(n).toBe(0);

    // Another verifier verifies; the submitter still may not pay it.
    expect((await t.gql<{ verifyClaim: ClaimView }>(VERIFY, { id: claim.id }, verifier)).data!.verifyClaim.status).toBe('VERIFIED');
    const pay = await t.gql(PAY, payVars(claim.id, '1000000'), all.token);
    expect(errorCode(pay)).toBe('FORBIDDEN');
    expect(pay.errors![0].message).toBe('You submitted this claim, so you may not pay it; another FINANCE user must.');
    expect(await statusOf(claim.id)).toBe('VERIFIED');
  });

  it('refuses the verifier as payer; a different FINANCE user pays', async () => {
    const verifierAndFinance = await userWithRoles(['VERIFIER', 'FINANCE']);
    const claim = await heldClaim(admissions);
    expect((await t.gql<{ verifyClaim: ClaimView }>(VERIFY, { id: claim.id }, verifierAndFinance.token)).errors).toBeUndefined();
    const before = await journal(t, fundId);
    const refused = await t.gql(PAY, payVars(claim.id, '1000000'), verifierAndFinance.token);
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0].message).toBe('You verified this claim, so you may not pay it; another FINANCE user must.');
    expect((await journal(t, fundId)).entries).toBe(before.entries);

    const paid = await t.gql<{ payClaim: ClaimView }>(PAY, payVars(claim.id, '1000000'), finance);
    expect(paid.errors).toBeUndefined();
    expect(paid.data!.payClaim.status).toBe('PAID');
    const actors = paid.data!.payClaim.history.map((h) => h.action);
    expect(actors).toEqual(['SUBMIT', 'HOLD', 'VERIFY', 'PAY']);
    expect(new Set(paid.data!.payClaim.history.filter((h) => h.action !== 'HOLD').map((h) => h.actorUsername)).size).toBe(3);
  });

  it('lets only the other FINANCE user pay when the verifier and they pay at once', async () => {
    const verifierAndFinance = await userWithRoles(['VERIFIER', 'FINANCE']);
    const claim = await heldClaim(admissions);
    await t.gql(VERIFY, { id: claim.id }, verifierAndFinance.token);
    const [byVerifier, byOther] = await Promise.all([
      t.gql(PAY, payVars(claim.id, '600000'), verifierAndFinance.token),
      t.gql(PAY, payVars(claim.id, '600000'), otherFinance),
    ]);
    expect(errorCode(byVerifier)).toBe('FORBIDDEN');
    expect(byOther.errors).toBeUndefined();
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM journal_entries WHERE claim_id = $1 AND kind = 'PAY'`, [claim.id]);
    expect(n).toBe(1);
  });

  it('refuses a fund above FUND_MAX_CEILING with BAD_USER_INPUT naming the maximum, and opens one at the maximum', async () => {
    const over = await t.gql(OPEN, { i: { name: 'Terlalu besar', fiscalYear: 2031, ceiling: '100000000001' } }, finance);
    expect(errorCode(over)).toBe('BAD_USER_INPUT');
    expect(over.errors![0].message).toBe('The ceiling must be at most Rp100000000000 (FUND_MAX_CEILING); got 100000000001.');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM funds WHERE fiscal_year = 2031`);
    expect(n).toBe(0);
    const max = await t.gql<{ openFund: { ceiling: string } }>(OPEN, { i: { name: 'Batas', fiscalYear: 2031, ceiling: '100000000000' } }, finance);
    expect(max.errors).toBeUndefined();
    expect(max.data!.openFund.ceiling).toBe('100000000000');
  });

  it('takes the bound from the configuration', async () => {
    const small = await TestApp.start({ FUND_MAX_CEILING: '5000' });
    try {
      const fin = await small.userToken(['FINANCE']);
      const res = await small.gql(OPEN, { i: { name: 'Kecil', fiscalYear: 2032, ceiling: '5001' } }, fin);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(/at most Rp5000 /);
      expect((await small.gql(OPEN, { i: { name: 'Kecil', fiscalYear: 2032, ceiling: '5000' } }, fin)).errors).toBeUndefined();
    } finally {
      await small.close();
    }
  });
});
