import { openingLines } from './claim-rules';
import { fiscalYearStart } from './fiscal-calendar';
import { fundExistsForYear, insertFund, lockFund, lockSeed } from './funds.repository';
import { appendPosting } from './journal.repository';
import type { Queryable } from './queryable';

/**
 * Creates a fund and posts its ceiling to AVAILABLE, effective 00:00 WITA on 1 January of its
 * year whenever it is recorded; returns its id. Inside a transaction.
 */
export async function openFund(m: Queryable, fund: { name: string; fiscalYear: number; ceiling: bigint }, actorId: string | null): Promise<string> {
  const lines = openingLines(fund.ceiling);
  const id = await insertFund(m, fund);
  const locked = await lockFund(m, id);
  await appendPosting(m, locked!, { kind: 'OPEN', claimId: null, actorId, lines, effectiveAt: fiscalYearStart(fund.fiscalYear) }, new Date());
  return id;
}

/** The 2025 fund of Peraturan Wali Kota Kupang No. 18 Tahun 2025: Rp3.000.000.000. */
export const SEED_FUND = {
  name: 'Dana pengaman kegawatdaruratan 2025 (Perwali Kota Kupang No. 18 Tahun 2025)',
  fiscalYear: 2025,
  ceiling: 3_000_000_000n,
};

/** Seeds the 2025 fund when it is missing; idempotent. */
export async function seedLedger(m: Queryable): Promise<boolean> {
  await lockSeed(m);
  if (await fundExistsForYear(m, SEED_FUND.fiscalYear)) return false;
  await openFund(m, SEED_FUND, null);
  return true;
}
