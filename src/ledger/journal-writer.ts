import type { EntityManager } from 'typeorm';
import { applyLines, isBalanced, type FundBalances, type PostingKind, type PostingLine } from './claim-rules';
import { entryHash, GENESIS_HASH } from './hash-chain';

type Db = Pick<EntityManager, 'query'>;

export interface LockedFund extends FundBalances {
  id: string;
  ceiling: bigint;
}

/**
 * Locks the fund row for the rest of the transaction. Every posting on a fund takes this lock,
 * so postings on one fund are serialised: balances are read and written by one transaction at
 * a time (whatever the replicas), and the hash chain has one head. Lock order: the claim (if
 * any) first, then the fund, everywhere, so two postings never wait on each other in a cycle.
 */
export async function lockFund(m: Db, fundId: string): Promise<LockedFund | null> {
  const rows: { id: string; ceiling: string; available: string; held: string; paid: string }[] = await m.query(
    `SELECT id, ceiling, available, held, paid FROM funds WHERE id = $1 FOR UPDATE`,
    [fundId],
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  return { id: r.id, ceiling: BigInt(r.ceiling), available: BigInt(r.available), held: BigInt(r.held), paid: BigInt(r.paid) };
}

export interface Posting {
  kind: PostingKind;
  claimId: string | null;
  actorId: string | null;
  lines: PostingLine[];
}

/**
 * Appends one balanced posting to the fund's journal (entry, lines, hash chain) and moves the
 * fund's running balances. Call inside a transaction that holds `lockFund`. A second posting
 * of the same (claim, kind) violates uq_journal_entries_claim_kind and aborts the transaction.
 */
export async function appendPosting(m: Db, fund: LockedFund, posting: Posting, at: Date): Promise<{ entryId: string; seq: number; balances: FundBalances }> {
  if (!isBalanced(posting.lines)) throw new Error(`unbalanced ${posting.kind} posting`);
  const balances = applyLines(fund, posting.lines);
  const head: { seq: number; hash: string }[] = await m.query(
    `SELECT seq, hash FROM journal_entries WHERE fund_id = $1 ORDER BY seq DESC LIMIT 1`,
    [fund.id],
  );
  const seq = head.length > 0 ? head[0].seq + 1 : 1;
  const prevHash = head.length > 0 ? head[0].hash : GENESIS_HASH;
  const hash = entryHash({ fundId: fund.id, seq, kind: posting.kind, claimId: posting.claimId, actorId: posting.actorId, at, lines: posting.lines, prevHash });
  // One statement for the entry, its lines and the fund's balances: fewer round trips while
  // the fund is locked.
  const [{ id: entryId }]: { id: string }[] = await m.query(
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
