/** SQL of ledger_seals: the signed seals of each fund's chain. */
import type { Queryable } from './queryable';
import type { SealContent } from './seal';

export interface SealRow {
  fund_id: string;
  period: string;
  head_seq: number;
  head_hash: string;
  entry_count: number;
  available: string;
  held: string;
  paid: string;
  sealed_at: Date;
  signature: string;
}

/** Writes the seal unless the fund has one for the period already (two workers, a retry); true when written. */
export async function insertSeal(m: Queryable, s: SealContent, signature: string): Promise<boolean> {
  const rows = await m.query<{ id: string }[]>(
    `INSERT INTO ledger_seals (fund_id, period, head_seq, head_hash, entry_count, available, held, paid, sealed_at, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (fund_id, period) DO NOTHING RETURNING id`,
    [s.fundId, s.period, s.headSeq, s.headHash, s.entryCount, s.available.toString(), s.held.toString(), s.paid.toString(), s.sealedAt, signature],
  );
  return rows.length > 0;
}

export function sealsOf(q: Queryable, fundId: string): Promise<SealRow[]> {
  return q.query<SealRow[]>(`SELECT * FROM ledger_seals WHERE fund_id = $1 ORDER BY head_seq, sealed_at, id`, [fundId]);
}

export async function latestSeal(q: Queryable, fundId: string): Promise<SealRow | null> {
  const rows = await q.query<SealRow[]>(`SELECT * FROM ledger_seals WHERE fund_id = $1 ORDER BY head_seq DESC, sealed_at DESC LIMIT 1`, [fundId]);
  return rows[0] ?? null;
}

export async function sealedPeriods(q: Queryable, fundId: string): Promise<Set<string>> {
  const rows = await q.query<{ period: string }[]>(`SELECT period FROM ledger_seals WHERE fund_id = $1`, [fundId]);
  return new Set(rows.map((r) => r.period));
}

export const toSealContent = (r: SealRow): SealContent => ({
  fundId: r.fund_id,
  period: r.period,
  headSeq: r.head_seq,
  headHash: r.head_hash,
  entryCount: r.entry_count,
  available: BigInt(r.available),
  held: BigInt(r.held),
  paid: BigInt(r.paid),
  sealedAt: r.sealed_at,
});
