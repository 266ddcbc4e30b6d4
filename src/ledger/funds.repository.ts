/**
 * SQL of the funds table (the fund rows and their running balances). The ledger queries its
 * tables with raw SQL through these repository files only, on the DataSource or the caller's
 * transaction (`Queryable`); it uses no TypeORM repositories.
 */
import type { FundBalances } from './claim-rules';
import type { Queryable } from './queryable';

export interface FundRow {
  id: string;
  name: string;
  fiscal_year: number;
  ceiling: string;
  closed_at: Date | null;
}

export interface LockedFund extends FundBalances {
  id: string;
  ceiling: bigint;
  fiscalYear: number;
  closedAt: Date | null;
}

/** A fund's running balances with the journal position and time of its last posting. */
export interface FundBalancesRow {
  id: string;
  ceiling: string;
  available: string;
  held: string;
  paid: string;
  seq: number;
  at: Date;
}

/** Every fund, newest fiscal year first. */
export function listFunds(q: Queryable): Promise<FundRow[]> {
  return q.query<FundRow[]>(`SELECT id, name, fiscal_year, ceiling, closed_at FROM funds ORDER BY fiscal_year DESC`);
}

export async function findFund(q: Queryable, fundId: string): Promise<FundRow | null> {
  const rows = await q.query<FundRow[]>(`SELECT id, name, fiscal_year, ceiling, closed_at FROM funds WHERE id = $1`, [fundId]);
  return rows[0] ?? null;
}

/**
 * The fund with id `idParam` if it is open and of fiscal year `yearParam` (SQL placeholders):
 * the guard another ledger statement embeds to write only for such a fund, in the same round trip.
 */
export const openFundOfYearSql = (idParam: string, yearParam: string): string =>
  `SELECT f.id FROM funds f WHERE f.id = ${idParam} AND f.fiscal_year = ${yearParam} AND f.closed_at IS NULL`;

export async function fundOfYear(q: Queryable, fiscalYear: number): Promise<FundRow | null> {
  const rows = await q.query<FundRow[]>(`SELECT id, name, fiscal_year, ceiling, closed_at FROM funds WHERE fiscal_year = $1`, [fiscalYear]);
  return rows[0] ?? null;
}

/** Marks the (locked) fund closed: from now on it takes refunds only. */
export async function markFundClosed(m: Queryable, fundId: string, by: string, at: Date): Promise<void> {
  await m.query(`UPDATE funds SET closed_at = $2, closed_by = $3 WHERE id = $1`, [fundId, at, by]);
}

export async function fundExists(q: Queryable, fundId: string): Promise<boolean> {
  const rows = await q.query<{ one: number }[]>(`SELECT 1 AS one FROM funds WHERE id = $1`, [fundId]);
  return rows.length > 0;
}

export async function fundExistsForYear(q: Queryable, fiscalYear: number): Promise<boolean> {
  const rows = await q.query<{ one: number }[]>(`SELECT 1 AS one FROM funds WHERE fiscal_year = $1`, [fiscalYear]);
  return rows.length > 0;
}

/** Inserts the fund row with zero balances (its opening posting fills them); returns its id. */
export async function insertFund(q: Queryable, fund: { name: string; fiscalYear: number; ceiling: bigint }): Promise<string> {
  const [{ id }] = await q.query<{ id: string }[]>(`INSERT INTO funds (name, fiscal_year, ceiling) VALUES ($1, $2, $3) RETURNING id`, [
    fund.name,
    fund.fiscalYear,
    fund.ceiling.toString(),
  ]);
  return id;
}

/** Serialises seeding across replicas until the caller's transaction ends. */
export async function lockSeed(q: Queryable): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtext('si-ranap seed ledger'))`);
}

/**
 * Locks the fund row for the rest of the transaction. Every posting on a fund takes this lock,
 * so postings on one fund are serialised: balances are read and written by one transaction at
 * a time (whatever the replicas), and the hash chain has one head. Lock order: the claim (if
 * any) first, then the fund, everywhere, so two postings never wait on each other in a cycle.
 * FOR NO KEY UPDATE (no posting changes the fund's key): it excludes every other posting as
 * FOR UPDATE would, but not the key check of a claim being inserted for the fund, so
 * submissions are not held up while a batch of holds is posted.
 */
export async function lockFund(q: Queryable, fundId: string): Promise<LockedFund | null> {
  const rows = await q.query<{ id: string; ceiling: string; available: string; held: string; paid: string; fiscal_year: number; closed_at: Date | null }[]>(
    `SELECT id, ceiling, available, held, paid, fiscal_year, closed_at FROM funds WHERE id = $1 FOR NO KEY UPDATE`,
    [fundId],
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  return {
    id: r.id,
    ceiling: BigInt(r.ceiling),
    available: BigInt(r.available),
    held: BigInt(r.held),
    paid: BigInt(r.paid),
    fiscalYear: r.fiscal_year,
    closedAt: r.closed_at,
  };
}

/** The running balances of one fund (or all when `fundId` is null) with their last posting. */
export function currentBalances(q: Queryable, fundId: string | null): Promise<FundBalancesRow[]> {
  return q.query<FundBalancesRow[]>(
    `SELECT f.id, f.ceiling, f.available, f.held, f.paid, h.seq, h.at
       FROM funds f
       JOIN LATERAL (SELECT seq, at FROM journal_entries e WHERE e.fund_id = f.id ORDER BY seq DESC LIMIT 1) h ON true
      WHERE ($1::uuid IS NULL OR f.id = $1)`,
    [fundId],
  );
}
