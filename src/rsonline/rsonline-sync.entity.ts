import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How the RS Online reports of one hospital went: kept in the database so that every replica
 * (and /health/ready on each) sees the same last attempt, success and error.
 */
@Entity('rs_online_sync')
export class RsOnlineSync {
  @PrimaryColumn({ name: 'hospital_code', type: 'varchar', length: 32, primaryKeyConstraintName: 'pk_rs_online_sync' })
  hospitalCode!: string;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  /** Failed attempts since the last success. */
  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures!: number;

  /** What the last successful report sent. */
  @Column({ name: 'last_put', type: 'integer', default: 0 })
  lastPut!: number;

  @Column({ name: 'last_posted', type: 'integer', default: 0 })
  lastPosted!: number;

  @Column({ name: 'last_deleted', type: 'integer', default: 0 })
  lastDeleted!: number;
}
