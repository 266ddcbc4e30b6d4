import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

export const SESSION_END_REASONS = ['LOGOUT', 'USER_CHANGED', 'DISABLED', 'PASSWORD_RESET', 'PASSWORD_CHANGED'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** One login. A token names its session; a token of an ended or expired session is refused. */
@Entity('sessions')
@Index('ix_sessions_user_open', ['userId'], { where: '"ended_at" IS NULL' })
export class Session {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_sessions' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Deleting a user deletes their sessions, so their tokens are refused at once. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_sessions_user' })
  user?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'ended_reason', type: 'enum', enum: SESSION_END_REASONS, enumName: 'session_end_reason', nullable: true })
  endedReason!: SessionEndReason | null;

  /** The address the login came from (req.ip: the client's when TRUST_PROXY is set). */
  @Column({ name: 'client_address', type: 'varchar', length: 64, nullable: true })
  clientAddress!: string | null;
}
