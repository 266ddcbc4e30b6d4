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
  if (!isBalanced(posting.lines)) throw new Error(`unbalanced ${posting.kind} posting`);
  const balances = applyLines(fund, posting.lines);
  const head = await m.query<{ seq: number; hash: string }[]>(`SELECT seq, hash FROM journal_entries WHERE fund_id = $1 ORDER BY seq DESC LIMIT 1`, [fund.id]);
  const seq = head.length > 0 ? head[0].seq + 1 : 1;
  const prevHash = head.length > 0 ? head[0].hash : GENESIS_HASH;
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
  // One statement for the entry, its lines and the fund's balances: fewer round trips while
  // the fund is locked.
  const [{ id: entryId }] = await m.query<{ id: string }[]>(
    `WITH entry AS (
       INSERT INTO journal_entries (fund_id, seq, kind, claim_id, actor_id, at, prev_hash, hash, effective_at, documents)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $15, $16) RETURNING id),
     lines AS (
       INSERT INTO journal_lines (entry_id, account, debit, credit)
       SELECT entry.id, l.account::ledger_account, l.debit::bigint, l.credit::bigint
         FROM entry, unnest($9::text[], $10::text[], $11::text[]) AS l(account, debit, credit)),
     balances AS (
       UPDATE funds SET available = $12, held = $13, paid = $14 WHERE id = $1)
     SELECT id FROM entry`,
    [
      fund.id,
      seq,
      posting.kind,
      posting.claimId,
      posting.actorId,
      at,
      prevHash,
      hash,
      posting.lines.map((l) => l.account),
      posting.lines.map((l) => l.debit.toString()),
      posting.lines.map((l) => l.credit.toString()),
      balances.available.toString(),
      balances.held.toString(),
      balances.paid.toString(),
      effectiveAt,
      documents === null ? null : JSON.stringify(documents),
    ],
  );
  Object.assign(fund, balances);
  return { entryId, seq, balances };
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
