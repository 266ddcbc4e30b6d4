import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Fund } from './fund.entity';

/**
 * A sealed period: the fund's chain head, balances and entry count at a month end (WITA) or at
 * the year's close, signed with the service's Ed25519 key (src/ledger/seal.ts). Append-only;
 * one per fund and period.
 */
@Entity('ledger_seals')
@Index('uq_ledger_seals_fund_period', ['fundId', 'period'], { unique: true })
export class LedgerSeal {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_ledger_seals' })
  id!: string;

  @Column({ name: 'fund_id', type: 'uuid' })
  fundId!: string;

  @ManyToOne(() => Fund, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fund_id', foreignKeyConstraintName: 'fk_ledger_seals_fund' })
  fund?: Fund;

  /** `YYYY-MM` (a month, WITA) or `FY-YYYY` (the year's close). */
  @Column({ type: 'varchar', length: 16 })
  period!: string;

  @Column({ name: 'head_seq', type: 'integer' })
  headSeq!: number;

  @Column({ name: 'head_hash', type: 'char', length: 64 })
  headHash!: string;

  @Column({ name: 'entry_count', type: 'integer' })
  entryCount!: number;

  @Column({ type: 'bigint' })
  available!: string;

  @Column({ type: 'bigint' })
  held!: string;

  @Column({ type: 'bigint' })
  paid!: string;

  @Column({ name: 'sealed_at', type: 'timestamptz' })
  sealedAt!: Date;

  /** Base64 Ed25519 signature over the canonical seal. */
  @Column({ type: 'text' })
  signature!: string;
}
