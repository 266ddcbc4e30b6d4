import { openingLines } from './claim-rules';
import { fiscalYearOf, fiscalYearStart } from './fiscal-calendar';
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

/**
 * Seeds the 2025 fund and, for the demonstration to take claims today, a fund of the current
 * fiscal year (named as demonstration data) when either is missing; idempotent. Returns the
 * names of the funds it opened.
 */
export async function seedLedger(m: Queryable, now: Date = new Date()): Promise<string[]> {
  await lockSeed(m);
  const opened: string[] = [];
  const year = fiscalYearOf(now);
  const funds = [
    SEED_FUND,
    ...(year === SEED_FUND.fiscalYear ? [] : [{ name: `Dana contoh ${year} (data contoh)`, fiscalYear: year, ceiling: SEED_FUND.ceiling }]),
  ];
  for (const fund of funds) {
    if (await fundExistsForYear(m, fund.fiscalYear)) continue;
    await openFund(m, fund, null);
    opened.push(fund.name);
  }
  return opened;
}
