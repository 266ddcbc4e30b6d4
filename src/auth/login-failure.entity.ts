import { Column, Entity, PrimaryColumn } from 'typeorm';

export const LOGIN_FAILURE_SCOPES = ['USER', 'ADDRESS'] as const;
export type LoginFailureScope = (typeof LOGIN_FAILURE_SCOPES)[number];

/**
 * Failed logins of one username from one client address (scope USER), or from one address
 * for every username (scope ADDRESS, username ''). Kept in PostgreSQL so every replica counts
 * the same; usernames that do not exist are counted like the others.
 */
@Entity('login_failures')
export class LoginFailure {
  @PrimaryColumn({ type: 'enum', enum: LOGIN_FAILURE_SCOPES, enumName: 'login_failure_scope', primaryKeyConstraintName: 'pk_login_failures' })
  scope!: LoginFailureScope;

  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_login_failures' })
  address!: string;

  /** As typed at login, lower-cased (cut to 200 characters); '' for scope ADDRESS. */
  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_login_failures' })
  username!: string;

  /** Attempts in the current window not yet followed by a success. */
  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ name: 'window_started_at', type: 'timestamptz', default: () => 'now()' })
  windowStartedAt!: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
