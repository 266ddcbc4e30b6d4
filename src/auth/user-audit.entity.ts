import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const USER_AUDIT_ACTIONS = ['CREATE', 'UPDATE', 'RESET_PASSWORD', 'CHANGE_PASSWORD', 'UNLOCK', 'ENSURE_ADMIN'] as const;
export type UserAuditAction = (typeof USER_AUDIT_ACTIONS)[number];

/** One field of a user as it was and as it became; a password never appears, only that it changed. */
export interface UserAuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** Every change of a user: who, when, what. Append-only: a database trigger refuses UPDATE and DELETE. */
@Entity('user_audit')
@Index('ix_user_audit_user', ['userId', 'id'])
export class UserAuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'pk_user_audit' })
  id!: string;

  /** No foreign key: the record outlives the user. */
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  /** Null when the service itself acted (ADMIN_USERNAME/ADMIN_PASSWORD at boot). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_username', type: 'varchar', length: 64, nullable: true })
  actorUsername!: string | null;

  @Column({ type: 'enum', enum: USER_AUDIT_ACTIONS, enumName: 'user_audit_action' })
  action!: UserAuditAction;

  @Column({ type: 'jsonb' })
  changes!: UserAuditChange[];

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
