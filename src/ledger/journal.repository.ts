/**
 * SQL of journal_entries and journal_lines: the posting statement, the balances summed from
 * the lines, and the chain walk. Raw SQL on the DataSource or the caller's transaction
 * (`Queryable`), like every ledger repository; no TypeORM repositories.
 */
import { applyLines, isBalanced, type Account, type FundBalances, type PostingKind, type PostingLine } from './claim-rules';
import type { LockedFund } from './funds.repository';
import { entryHash, GENESIS_HASH, type ChainEntry } from './hash-chain';
import type { Queryable } from './queryable';

export interface Posting {
  kind: PostingKind;
  claimId: string | null;
  actorId: string | null;
  lines: PostingLine[];
}

/** One journal entry with its lines, as the chain walk reads it. */
export interface ChainEntryRow {
  id: string;
  seq: number;
  kind: ChainEntry['kind'];
  claim_id: string | null;
  actor_id: string | null;
  at: Date;
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
  const hash = entryHash({ fundId: fund.id, seq, kind: posting.kind, claimId: posting.claimId, actorId: posting.actorId, at, lines: posting.lines, prevHash });
  // One statement for the entry, its lines and the fund's balances: fewer round trips while
  // the fund is locked.
  const [{ id: entryId }] = await m.query<{ id: string }[]>(
    `WITH entry AS (
       INSERT INTO journal_entries (fund_id, seq, kind, claim_id, actor_id, at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id),
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
    ],
  );
  Object.assign(fund, balances);
  return { entryId, seq, balances };
}

/** Balance per account of the fund, summed from the lines posted up to `at`. */
export function balancesAt(q: Queryable, fundId: string, at: Date): Promise<{ account: Account; balance: string }[]> {
  return q.query<{ account: Account; balance: string }[]>(
    `SELECT l.account, sum(l.debit - l.credit)::text AS balance
       FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
      WHERE e.fund_id = $1 AND e.at <= $2
      GROUP BY l.account`,
    [fundId, at],
  );
}

/** Up to `limit` entries of the fund after `afterSeq`, in chain order, each with its lines. */
export function chainPage(q: Queryable, fundId: string, afterSeq: number, limit: number): Promise<ChainEntryRow[]> {
  return q.query<ChainEntryRow[]>(
    `SELECT e.id, e.seq, e.kind, e.claim_id, e.actor_id, e.at, e.prev_hash, e.hash,
            coalesce((SELECT json_agg(json_build_object('account', l.account, 'debit', l.debit::text, 'credit', l.credit::text))
                        FROM journal_lines l WHERE l.entry_id = e.id), '[]') AS lines
       FROM journal_entries e WHERE e.fund_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`,
    [fundId, afterSeq, limit],
  );
}
