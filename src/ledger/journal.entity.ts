import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ACCOUNTS, POSTING_KINDS, type Account, type PostingKind } from './claim-rules';
import { Claim } from './claim.entity';
import { Fund } from './fund.entity';

/**
 * One posting. Append-only (a trigger refuses UPDATE and DELETE). `(claim_id, kind)` is unique,
 * so a posting is applied at most once whatever retries or replicas do; `(fund_id, seq)` orders
 * the hash chain of the fund.
 */
@Entity('journal_entries')
@Index('uq_journal_entries_fund_seq', ['fundId', 'seq'], { unique: true })
@Index('uq_journal_entries_claim_kind', ['claimId', 'kind'], { unique: true })
@Index('uq_journal_entries_fund_open', ['fundId'], { unique: true, where: `"kind" = 'OPEN'` })
@Index('ix_journal_entries_fund_at', ['fundId', 'at'])
export class JournalEntry {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_journal_entries' })
  id!: string;

  @Column({ name: 'fund_id', type: 'uuid' })
  fundId!: string;

  @ManyToOne(() => Fund, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fund_id', foreignKeyConstraintName: 'fk_journal_entries_fund' })
  fund?: Fund;

  /** 1, 2, 3… within the fund: the position in the hash chain. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'enum', enum: POSTING_KINDS, enumName: 'posting_kind' })
  kind!: PostingKind;

  @Column({ name: 'claim_id', type: 'uuid', nullable: true })
  claimId!: string | null;

  @ManyToOne(() => Claim, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'fk_journal_entries_claim' })
  claim?: Claim;

  /** Null when the service itself posted (the queued hold, the opening of the fund). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  /** Recorded time. */
  @Column({ type: 'timestamptz' })
  at!: Date;

  /** When the posting counts, if not at `at`: the opening is effective on 1 January (WITA) of the fund's year. */
  @Column({ name: 'effective_at', type: 'timestamptz', nullable: true })
  effectiveAt!: Date | null;

  /** Evidence documents first recorded by this entry, `[{ id, sha256 }]`, part of its hash. */
  @Column({ type: 'jsonb', nullable: true })
  documents!: { id: string; sha256: string }[] | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  /** SHA-256 over the canonical content and prev_hash (src/ledger/hash-chain.ts). */
  @Column({ type: 'char', length: 64 })
  hash!: string;
}

/** One side of a posting: a debit or a credit of one account, whole rupiah. */
@Entity('journal_lines')
@Index('ix_journal_lines_entry', ['entryId'])
@Check('ck_journal_lines_one_side', '"debit" >= 0 AND "credit" >= 0 AND ("debit" = 0) <> ("credit" = 0)')
export class JournalLine {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_journal_lines' })
  id!: string;

  @Column({ name: 'entry_id', type: 'bigint' })
  entryId!: string;

  @ManyToOne(() => JournalEntry, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'fk_journal_lines_entry' })
  entry?: JournalEntry;

  @Column({ type: 'enum', enum: ACCOUNTS, enumName: 'ledger_account' })
  account!: Account;

  @Column({ type: 'bigint', default: 0 })
  debit!: string;

  @Column({ type: 'bigint', default: 0 })
  credit!: string;
}
