/**
 * SQL of journal_entries and journal_lines: the posting statement, the balances summed from
 * the lines, and the chain walk. Raw SQL on the DataSource or the caller's transaction
 * (`Queryable`), like every ledger repository; no TypeORM repositories.
 */
import { applyLines, isBalanced, type Account, type FundBalances, type PostingKind, type PostingLine } from './claim-rules';
import type { LockedFund } from './funds.repository';
import { entryHash, GENESIS_HASH, type ChainDocument, type ChainEntry } from './hash-chain';
import type { Queryable } from './queryable';

export interface Posting {
  kind: PostingKind;
  claimId: string | null;
  actorId: string | null;
  lines: PostingLine[];
  /** When the posting counts, if not when it is recorded (the opening: 1 January of the year). */
  effectiveAt?: Date | null;
  /** Evidence documents of the claim not yet in any entry: their hashes become part of this one. */
  documents?: ChainDocument[];
}

/** One journal entry with its lines, as the chain walk reads it. */
export interface ChainEntryRow {
  id: string;
  seq: number;
  kind: ChainEntry['kind'];
  claim_id: string | null;
  actor_id: string | null;
  at: Date;
  effective_at: Date | null;
  documents: ChainDocument[] | null;
  prev_hash: string;
  hash: string;
  lines: { account: ChainEntry['lines'][number]['account']; debit: string; credit: string }[];
}

/**
 * Appends one balanced posting to the fund's journal (entry, lines, hash chain) and moves the
 * fund's running balances. Call inside a transaction that holds `lockFund`. A second posting
 * of the same (claim, kind) violates uq_journal_entries_claim_kind and aborts the transaction.
 */
export async function appendPosting(
  m: Queryable,
  fund: LockedFund,
  posting: Posting,
  at: Date,
): Promise<{ entryId: string; seq: number; balances: FundBalances }> {
  const [appended] = await appendPostings(m, fund, [posting], at);
  return appended;
}

/**
 * Appends the postings in order, each its own entry chained to the one before, in two
 * statements whatever their number (the chain's head, then entries, lines and the fund's final
 * balances at once), and returns each one's position and the balances after it. Same contract
 * as `appendPosting`.
 */
export async function appendPostings(
  m: Queryable,
  fund: LockedFund,
  postings: readonly Posting[],
  at: Date,
): Promise<{ entryId: string; seq: number; balances: FundBalances }[]> {
  if (postings.length === 0) return [];
  const head = await m.query<{ seq: number; hash: string }[]>(`SELECT seq, hash FROM journal_entries WHERE fund_id = $1 ORDER BY seq DESC LIMIT 1`, [fund.id]);
  let seq = head.length > 0 ? head[0].seq : 0;
  let prevHash = head.length > 0 ? head[0].hash : GENESIS_HASH;
  let balances: FundBalances = { available: fund.available, held: fund.held, paid: fund.paid };
  const entries = postings.map((posting) => {
    if (!isBalanced(posting.lines)) throw new Error(`unbalanced ${posting.kind} posting`);
    balances = applyLines(balances, posting.lines);
    seq += 1;
    const effectiveAt = posting.effectiveAt ?? null;
    const documents = posting.documents && posting.documents.length > 0 ? posting.documents : null;
    const hash = entryHash({
      fundId: fund.id,
      seq,
      kind: posting.kind,
      claimId: posting.claimId,
      actorId: posting.actorId,
      at,
      lines: posting.lines,
      prevHash,
      effectiveAt,
      documents: documents ?? [],
    });
    const entry = { posting, seq, prevHash, hash, effectiveAt, documents, balances };
    prevHash = hash;
    return entry;
  });
  const lines = entries.flatMap((e) => e.posting.lines.map((l) => ({ seq: e.seq, ...l })));
  // One statement for the entries, their lines and the fund's balances: fewer round trips while
  // the fund is locked.
  const rows = await m.query<{ id: string; seq: number }[]>(
    `WITH entry AS (
       INSERT INTO journal_entries (fund_id, seq, kind, claim_id, actor_id, at, prev_hash, hash, effective_at, documents)
       SELECT $1, e.seq, e.kind::posting_kind, e.claim_id, e.actor_id, $6, e.prev_hash, e.hash, e.effective_at, e.documents
         FROM unnest($2::int[], $3::text[], $4::uuid[], $5::uuid[], $7::text[], $8::text[], $9::timestamptz[], $10::jsonb[])
              AS e(seq, kind, claim_id, actor_id, prev_hash, hash, effective_at, documents)
       RETURNING id, seq),
     lines AS (
       INSERT INTO journal_lines (entry_id, account, debit, credit)
       SELECT entry.id, l.account::ledger_account, l.debit::bigint, l.credit::bigint
         FROM unnest($11::int[], $12::text[], $13::text[], $14::text[]) AS l(seq, account, debit, credit) JOIN entry ON entry.seq = l.seq),
     balances AS (
       UPDATE funds SET available = $15, held = $16, paid = $17 WHERE id = $1)
     SELECT id, seq FROM entry`,
    [
      fund.id,
      entries.map((e) => e.seq),
      entries.map((e) => e.posting.kind),
      entries.map((e) => e.posting.claimId),
      entries.map((e) => e.posting.actorId),
      at,
      entries.map((e) => e.prevHash),
      entries.map((e) => e.hash),
      entries.map((e) => e.effectiveAt),
      entries.map((e) => (e.documents === null ? null : JSON.stringify(e.documents))),
      lines.map((l) => l.seq),
      lines.map((l) => l.account),
      lines.map((l) => l.debit.toString()),
      lines.map((l) => l.credit.toString()),
      balances.available.toString(),
      balances.held.toString(),
      balances.paid.toString(),
    ],
  );
  const ids = new Map(rows.map((r) => [Number(r.seq), String(r.id)]));
  Object.assign(fund, balances);
  return entries.map((e) => ({ entryId: ids.get(e.seq)!, seq: e.seq, balances: e.balances }));
}

/** When an entry counts: its effective date, else its recorded time. */
const EFFECTIVE = 'coalesce(e.effective_at, e.at)';

/** Balance per account of the fund, summed from the lines effective up to `at`. */
export function balancesAt(q: Queryable, fundId: string, at: Date): Promise<{ account: Account; balance: string }[]> {
  return q.query<{ account: Account; balance: string }[]>(
    `SELECT l.account, sum(l.debit - l.credit)::text AS balance
       FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
      WHERE e.fund_id = $1 AND ${EFFECTIVE} <= $2
      GROUP BY l.account`,
    [fundId, at],
  );
}

/** Net change per account and WITA day or month (`bucket` its first instant), for the entries effective before `to`. */
export function balanceChanges(q: Queryable, fundId: string, unit: 'day' | 'month', to: Date): Promise<{ bucket: Date; account: Account; delta: string }[]> {
  return q.query<{ bucket: Date; account: Account; delta: string }[]>(
    `SELECT date_trunc('${unit === 'day' ? 'day' : 'month'}', ${EFFECTIVE} AT TIME ZONE 'Asia/Makassar') AT TIME ZONE 'Asia/Makassar' AS bucket,
            l.account, sum(l.debit - l.credit)::text AS delta
       FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
      WHERE e.fund_id = $1 AND ${EFFECTIVE} < $2
      GROUP BY 1, 2 ORDER BY 1`,
    [fundId, to],
  );
}

/** Per WITA month: net paid (PAY minus REFUND) and the number of claims first paid then; public figures. */
export function paidPerMonth(q: Queryable, fundId: string): Promise<{ month: string; paid: string; claims_paid: number }[]> {
  return q.query<{ month: string; paid: string; claims_paid: number }[]>(
    `SELECT to_char(${EFFECTIVE} AT TIME ZONE 'Asia/Makassar', 'YYYY-MM') AS month,
            sum(CASE WHEN l.account = 'PAID' THEN l.debit - l.credit ELSE 0 END)::text AS paid,
            count(DISTINCT e.claim_id) FILTER (WHERE e.kind = 'PAY')::int AS claims_paid
       FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
      WHERE e.fund_id = $1 AND e.kind IN ('PAY', 'REFUND')
      GROUP BY 1 ORDER BY 1`,
    [fundId],
  );
}

/** The last entry recorded before `before` (null: none), for a month's seal. */
export async function headBefore(q: Queryable, fundId: string, before: Date): Promise<{ seq: number; hash: string } | null> {
  const rows = await q.query<{ seq: number; hash: string }[]>(
    `SELECT seq, hash FROM journal_entries WHERE fund_id = $1 AND at < $2 ORDER BY seq DESC LIMIT 1`,
    [fundId, before],
  );
  return rows[0] ?? null;
}

/** Balance per account through the entry `seq` of the chain. */
export function balancesThroughSeq(q: Queryable, fundId: string, seq: number): Promise<{ account: Account; balance: string }[]> {
  return q.query<{ account: Account; balance: string }[]>(
    `SELECT l.account, sum(l.debit - l.credit)::text AS balance
       FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
      WHERE e.fund_id = $1 AND e.seq <= $2
      GROUP BY l.account`,
    [fundId, seq],
  );
}

/** Hash of the last entry of the fund's chain and its position (0 and the genesis hash when empty). */
export async function chainHead(q: Queryable, fundId: string): Promise<{ seq: number; hash: string }> {
  const rows = await q.query<{ seq: number; hash: string }[]>(`SELECT seq, hash FROM journal_entries WHERE fund_id = $1 ORDER BY seq DESC LIMIT 1`, [fundId]);
  return rows[0] ?? { seq: 0, hash: GENESIS_HASH };
}

/** Up to `limit` entries of the fund after `afterSeq`, in chain order, each with its lines. */
export function chainPage(q: Queryable, fundId: string, afterSeq: number, limit: number): Promise<ChainEntryRow[]> {
  return q.query<ChainEntryRow[]>(
    `SELECT e.id, e.seq, e.kind, e.claim_id, e.actor_id, e.at, e.effective_at, e.documents, e.prev_hash, e.hash,
            coalesce((SELECT json_agg(json_build_object('account', l.account, 'debit', l.debit::text, 'credit', l.credit::text))
                        FROM journal_lines l WHERE l.entry_id = e.id), '[]') AS lines
       FROM journal_entries e WHERE e.fund_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`,
    [fundId, afterSeq, limit],
  );
}

/** When the fund's first entry was recorded (null: no entry). */
export async function firstEntryAt(q: Queryable, fundId: string): Promise<Date | null> {
  const rows = await q.query<{ at: Date | null }[]>(`SELECT min(at) AS at FROM journal_entries WHERE fund_id = $1`, [fundId]);
  return rows[0]?.at ?? null;
}
