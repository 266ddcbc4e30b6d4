import type { EntityManager } from 'typeorm';
import { openingLines } from './claim-rules';
import { appendPosting, lockFund } from './journal-writer';

/** Creates a fund and posts its ceiling to AVAILABLE; returns its id. Inside a transaction. */
export async function openFund(m: Pick<EntityManager, 'query'>, fund: { name: string; fiscalYear: number; ceiling: bigint }, actorId: string | null): Promise<string> {
  const lines = openingLines(fund.ceiling);
  const [{ id }]: { id: string }[] = await m.query(`INSERT INTO funds (name, fiscal_year, ceiling) VALUES ($1, $2, $3) RETURNING id`, [
    fund.name,
    fund.fiscalYear,
    fund.ceiling.toString(),
  ]);
  const locked = await lockFund(m, id);
  await appendPosting(m, locked!, { kind: 'OPEN', claimId: null, actorId, lines }, new Date());
  return id;
}

/** The 2025 fund of Peraturan Wali Kota Kupang No. 18 Tahun 2025: Rp3.000.000.000. */
export const SEED_FUND = {
  name: 'Dana pengaman kegawatdaruratan 2025 (Perwali Kota Kupang No. 18 Tahun 2025)',
  fiscalYear: 2025,
  ceiling: 3_000_000_000n,
};

/** Seeds the 2025 fund when it is missing; idempotent. */
export async function seedLedger(m: Pick<EntityManager, 'query'>): Promise<boolean> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('si-ranap seed ledger'))`);
  const existing = await m.query(`SELECT 1 FROM funds WHERE fiscal_year = $1`, [SEED_FUND.fiscalYear]);
  if (existing.length > 0) return false;
  await openFund(m, SEED_FUND, null);
  return true;
}
