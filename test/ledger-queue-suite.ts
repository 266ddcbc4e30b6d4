import type { NestExpressApplication } from '@nestjs/platform-express';
import { ClaimCommandsService } from '../src/ledger/claim-commands.service';
import { fiscalYearOf } from '../src/ledger/fiscal-calendar';
import { TestApp } from './support/test-app';
import { BALANCE, SUBMIT, VERIFY_LEDGER, allSettled, claimInput, journal, settled, startReplica, type ClaimView } from './ledger-support';

const CLAIMS = 300;
const CEILING = 1_000_000_000n;
// About 15 s on an idle 2-core machine; the margin is for a loaded one.
const LOAD_TEST_TIMEOUT_MS = 120_000;

/**
 * The queue-backed hold under load, on one backend: CLAIMS submissions in parallel whose total
 * exceeds the fund, processed by two workers (this app and a second replica).
 */
export function queueSuite(backend: 'postgres' | 'redis', env: () => Record<string, string>) {
  let t: TestApp;
  let replica: NestExpressApplication;
  let admissions: string;
  let auditor: string;
  let fundId: string;

  beforeAll(async () => {
    t = await TestApp.start(env());
    replica = await startReplica(t, { ...env(), ROLE: 'worker' });
    const admin = await t.adminToken();
    [admissions, auditor] = await Promise.all([t.userToken(['ADMISSIONS'], [], admin), t.userToken(['AUDITOR'], [], admin)]);
    const finance = await t.userToken(['FINANCE'], [], admin);
    const open = await t.gql<{ openFund: { id: string } }>(
      `mutation($i: OpenFundInput!) { openFund(input: $i) { id } }`,
      { i: { name: `Uji konkurensi ${backend}`, fiscalYear: fiscalYearOf(new Date()), ceiling: CEILING.toString() } },
      finance,
    );
    fundId = open.data!.openFund.id;
  });
  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  it(`runs on the ${backend} backend`, () => {
    expect(t.app.get(ClaimCommandsService)).toBeDefined();
    expect(Boolean(env().REDIS_URL)).toBe(backend === 'redis');
  });

  it(
    `never overcommits the fund: ${CLAIMS} parallel claims over the ceiling, two workers`,
    async () => {
      let seed = 7;
      const amounts = Array.from({ length: CLAIMS }, () => {
        seed = (seed * 48271) % 2147483647;
        return BigInt(1_000_000 + (seed % 9_000_000)); // Rp1-10 juta, about Rp1,65 miliar in all
      });
      expect(amounts.reduce((s, a) => s + a, 0n) > CEILING).toBe(true);

      let sampling = true;
      let samples = 0;
      let worst = 0n;
      const sampler = (async () => {
        while (sampling) {
          const [row]: { committed: string }[] = await t.db.query(`SELECT (held + paid)::text AS committed FROM funds WHERE id = $1`, [fundId]);
          const committed = BigInt(row.committed);
          if (committed > worst) worst = committed;
          samples += 1;
          await new Promise((r) => setTimeout(r, 20));
        }
      })();

      const started = Date.now();
      const results = await Promise.all(
        amounts.map((a) => t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId, { amount: a.toString() }) }, admissions)),
      );
      const submittedMs = Date.now() - started;
      expect(results.filter((r) => r.errors)).toEqual([]);
      expect(results.every((r) => r.data!.submitClaim.status === 'REQUESTED')).toBe(true);
      await allSettled(t, 45000);
      const settledMs = Date.now() - started;
      sampling = false;
      await sampler;

      const rows: { status: string; amount: string; held_amount: string; reject_reason: string | null }[] = await t.db.query(
        `SELECT status, amount::text, held_amount::text, reject_reason FROM claims WHERE fund_id = $1`,
        [fundId],
      );
      expect(rows).toHaveLength(CLAIMS);
      const held = rows.filter((r) => r.status === 'HELD');
      const rejected = rows.filter((r) => r.status === 'REJECTED');
      expect(held.length + rejected.length).toBe(CLAIMS);
      expect(rejected.length).toBeGreaterThan(0);
      expect(rejected.every((r) => r.reject_reason?.startsWith('INSUFFICIENT_FUNDS'))).toBe(true);
      const heldTotal = held.reduce((s, r) => s + BigInt(r.held_amount), 0n);
      expect(heldTotal <= CEILING).toBe(true);
      expect(worst <= CEILING).toBe(true);

      const j = await journal(t, fundId);
      expect(j.entries).toBe(1 + held.length); // opening + one HOLD per held claim, none twice
      expect(j.unbalancedEntries).toBe(0);
      expect(j.debit).toBe(j.credit);
      expect(j.fund).toEqual({ ceiling: CEILING.toString(), held: heldTotal.toString(), paid: '0', available: (CEILING - heldTotal).toString() });
      const [{ dupes }] = await t.db.query(
        `SELECT count(*)::int AS dupes FROM (SELECT claim_id FROM journal_entries WHERE claim_id IS NOT NULL GROUP BY claim_id, kind HAVING count(*) > 1) d`,
      );
      expect(dupes).toBe(0);

      const balance = await t.gql<{ fundBalance: { available: string; held: string; paid: string } }>(BALANCE, { f: fundId }, auditor);
      expect(balance.data!.fundBalance).toMatchObject({ available: j.fund.available, held: j.fund.held, paid: '0' });
      const chain = await t.gql<{ verifyLedger: { valid: boolean; entriesChecked: number } }>(VERIFY_LEDGER, { f: fundId }, auditor);
      expect(chain.data!.verifyLedger).toMatchObject({ valid: true, entriesChecked: j.entries });

      process.stdout.write(
        `[ledger-queue ${backend}] ${CLAIMS} claims: submitted in ${submittedMs} ms, all settled in ${settledMs} ms; ` +
          `${held.length} held (Rp${heldTotal}), ${rejected.length} rejected; ${samples} samples of held+paid, max Rp${worst} <= Rp${CEILING}\n`,
      );
    },
    LOAD_TEST_TIMEOUT_MS,
  );

  it('posts a hold once when the job runs again, concurrently or later', async () => {
    const res = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId, { amount: '1' }) }, admissions);
    const id = res.data!.submitClaim.id;
    // The queued job races with five direct runs of the same job, as retries or replicas would.
    const ledger = t.app.get(ClaimCommandsService);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => ledger.placeHold(id)));
    await settled(t, id);
    expect(outcomes.filter((o) => o === 'HELD').length).toBeLessThanOrEqual(1);
    expect(await ledger.placeHold(id)).toBe('ALREADY_DONE');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM journal_entries WHERE claim_id = $1 AND kind = 'HOLD'`, [id]);
    expect(n).toBe(1);
    // And the journal itself refuses a second HOLD of the claim, whoever writes it.
    await expect(
      t.db.query(
        `INSERT INTO journal_entries (fund_id, seq, kind, claim_id, at, prev_hash, hash) VALUES ($1, 100000, 'HOLD', $2, now(), repeat('0', 64), repeat('0', 64))`,
        [fundId, id],
      ),
    ).rejects.toThrow(/uq_journal_entries_claim_kind/);
  });
}
