import { createHash } from 'node:crypto';
import type { Account, PostingKind } from './claim-rules';

/**
 * Tamper evidence for the journal: every entry stores SHA-256 over its canonical content and
 * the previous entry's hash, so changing, removing or reordering any entry breaks every hash
 * from there on.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLine {
  account: Account;
  debit: bigint;
  credit: bigint;
}

export interface ChainContent {
  fundId: string;
  seq: number;
  kind: PostingKind;
  claimId: string | null;
  actorId: string | null;
  at: Date;
  lines: readonly ChainLine[];
  prevHash: string;
  /** When the posting counts (the opening: 1 January of the fund's year); null: at `at`. */
  effectiveAt?: Date | null;
  /** Evidence documents first recorded by this entry, each with its SHA-256. */
  documents?: readonly ChainDocument[];
}

export interface ChainDocument {
  id: string;
  sha256: string;
}

export interface ChainEntry extends ChainContent {
  id: string;
  hash: string;
}

/**
 * One fixed text for an entry: keys in a fixed order, amounts as decimal strings, time as
 * ISO 8601 with milliseconds, lines sorted, so the same content always hashes the same.
 */
export function canonicalEntry(e: ChainContent): string {
  const lines = e.lines
    .map((l) => [l.account, l.debit.toString(), l.credit.toString()])
    .sort((a, b) => (a.join('|') < b.join('|') ? -1 : a.join('|') > b.join('|') ? 1 : 0));
  const base = [e.fundId, e.seq, e.kind, e.claimId, e.actorId, e.at.toISOString(), lines, e.prevHash];
  const documents = e.documents ?? [];
  // Entries without an effective date or documents keep the v1 text, so journals written
  // before those fields existed still verify.
  if (!e.effectiveAt && documents.length === 0) return JSON.stringify(['si-ranap-ledger-v1', ...base]);
  const docs = documents.map((d) => [d.id, d.sha256]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify(['si-ranap-ledger-v2', ...base, e.effectiveAt ? e.effectiveAt.toISOString() : null, docs]);
}

export function entryHash(e: ChainContent): string {
  return createHash('sha256').update(canonicalEntry(e), 'utf8').digest('hex');
}

export interface ChainReport {
  valid: boolean;
  entriesChecked: number;
  headHash: string;
  firstBrokenEntryId: string | null;
}

/** Walks entries in order (fed page by page, so a long journal needs no memory). */
export class ChainVerifier {
  private expectedPrev = GENESIS_HASH;
  private expectedSeq = 1;
  private checked = 0;
  private firstBroken: string | null = null;

  feed(entry: ChainEntry): void {
    this.checked += 1;
    const intact = entry.seq === this.expectedSeq && entry.prevHash === this.expectedPrev && entryHash(entry) === entry.hash;
    if (!intact && this.firstBroken === null) this.firstBroken = entry.id;
    this.expectedPrev = entry.hash;
    this.expectedSeq = entry.seq + 1;
  }

  report(): ChainReport {
    return { valid: this.firstBroken === null, entriesChecked: this.checked, headHash: this.expectedPrev, firstBrokenEntryId: this.firstBroken };
  }
}
