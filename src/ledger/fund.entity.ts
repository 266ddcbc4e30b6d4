import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One fund per fiscal year. `available`, `held` and `paid` are the running balances of its
 * accounts, changed only in the posting transaction that locks this row; the journal is the
 * record they are computed from (see `fundBalance`), and the checks are a last line of defence.
 */
@Entity('funds')
@Check('ck_funds_balances_non_negative', '"available" >= 0 AND "held" >= 0 AND "paid" >= 0')
@Check('ck_funds_ceiling', '"available" + "held" + "paid" <= "ceiling"')
export class Fund {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_funds' })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'fiscal_year', type: 'integer', unique: true })
  fiscalYear!: number;

  @Column({ type: 'bigint' })
  ceiling!: string;

  @Column({ type: 'bigint', default: 0 })
  available!: string;

  @Column({ type: 'bigint', default: 0 })
  held!: string;

  @Column({ type: 'bigint', default: 0 })
  paid!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set when FINANCE closes the year: from then on the fund takes refunds only. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy!: string | null;
}
