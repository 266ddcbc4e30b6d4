import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { leftJoinHospital } from '../hospitals/hospitals.sql';
import type { Role } from './roles';
import type { UserAuditAction, UserAuditChange, UserAuditEntry } from './user-audit.entity';
import type { User } from './user.entity';

// The auth module queries with raw SQL through query() only, all of it in its repositories
// (users.repository.ts, sessions.repository.ts, login-failures.repository.ts): its statements
// are upserts and CTEs a TypeORM repository cannot say. This file: users and user_audit.

/** The caller's transaction, or the data source's manager outside one. */
export type Queryable = Pick<EntityManager, 'query'>;

const USER_COLUMNS = `u.id, u.username, u.password_hash AS "passwordHash", u.roles::text[] AS roles, u.ward_ids::text[] AS "wardIds",
  u.hospital_id AS "hospitalId", h.code AS "hospitalCode", u.disabled, u.must_change_password AS "mustChangePassword", u.created_at AS "createdAt"`;

/** Users with their hospital's code. */
const USERS = `users u ${leftJoinHospital('u.hospital_id')}`;

const AUDIT_COLUMNS = `a.id::text AS id, a.user_id AS "userId", a.username, a.actor_id AS "actorId", a.actor_username AS "actorUsername",
  a.action, a.changes, a.at`;

/** Columns updateUser, resetPassword and changePassword may change. */
export type UserChange = Partial<Pick<User, 'roles' | 'wardIds' | 'hospitalId' | 'disabled' | 'passwordHash' | 'mustChangePassword'>>;

const CHANGE_COLUMNS: Record<keyof UserChange, string> = {
  roles: 'roles = $?::user_role[]',
  wardIds: 'ward_ids = $?::uuid[]',
  hospitalId: 'hospital_id = $?::uuid',
  disabled: 'disabled = $?',
  passwordHash: 'password_hash = $?',
  mustChangePassword: 'must_change_password = $?',
};

export interface UserListFilter {
  role?: Role;
  wardId?: string;
  disabled?: boolean;
  /** Only this hospital's users (a hospital's ADMIN lists no others). */
  hospitalId?: string;
}

export interface AuditInsert {
  userId: string;
  username: string;
  actorId: string | null;
  actorUsername: string | null;
  action: UserAuditAction;
  changes: UserAuditChange[];
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** For statements outside a transaction. */
  get outside(): Queryable {
    return this.db;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async byUsername(username: string, q: Queryable = this.db): Promise<User | null> {
    const rows: User[] = await q.query(`SELECT ${USER_COLUMNS} FROM ${USERS} WHERE u.username = $1`, [username]);
    return rows[0] ?? null;
  }

  async byId(id: string, q: Queryable = this.db): Promise<User | null> {
    const rows: User[] = await q.query(`SELECT ${USER_COLUMNS} FROM ${USERS} WHERE u.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The user, locked until the caller's transaction ends. */
  async lockById(m: EntityManager, id: string): Promise<User | null> {
    const rows: User[] = await m.query(`SELECT ${USER_COLUMNS} FROM ${USERS} WHERE u.id = $1 FOR UPDATE OF u`, [id]);
    return rows[0] ?? null;
  }

  /** The new user, or null when the username is taken. */
  async insert(
    m: EntityManager,
    user: { username: string; passwordHash: string; roles: readonly Role[]; wardIds: readonly string[]; hospitalId: string | null },
  ): Promise<User | null> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO users (username, password_hash, roles, ward_ids, hospital_id) VALUES ($1, $2, $3::user_role[], $4::uuid[], $5)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [user.username, user.passwordHash, user.roles, user.wardIds, user.hospitalId],
    );
    return inserted.length === 0 ? null : this.byId(inserted[0].id, m);
  }

  /** ADMIN_USERNAME: created, or given this password and the ADMIN role besides its own; service-wide either way. */
  async upsertAdmin(m: EntityManager, username: string, passwordHash: string, roles: readonly Role[]): Promise<User> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO users (username, password_hash, roles)
       VALUES ($1, $2, $3::user_role[])
       ON CONFLICT (username) DO UPDATE
         SET password_hash = EXCLUDED.password_hash, must_change_password = false, hospital_id = NULL,
             roles = (SELECT array_agg(DISTINCT r) FROM unnest(users.roles || EXCLUDED.roles) r)
       RETURNING id`,
      [username, passwordHash, roles],
    );
    return (await this.byId(rows[0].id, m))!;
  }

  async update(m: EntityManager, id: string, change: UserChange): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const key of Object.keys(CHANGE_COLUMNS) as (keyof UserChange)[]) {
      if (change[key] === undefined) continue;
      params.push(change[key]);
      sets.push(CHANGE_COLUMNS[key].replace('$?', `$${params.length}`));
    }
    if (sets.length > 0) await m.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  async count(): Promise<number> {
    const rows: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM users`);
    return rows[0].n;
  }

  /** One page by username (after `afterUsername`), and how many match in all. */
  async list(filter: UserListFilter, size: number, afterUsername: string | null): Promise<{ rows: User[]; totalCount: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      where.push(condition.replace('?', `$${params.length}`));
    };
    if (filter.role) add('?::user_role = ANY(u.roles)', filter.role);
    if (filter.wardId) add('?::uuid = ANY(u.ward_ids)', filter.wardId);
    if (filter.disabled !== undefined && filter.disabled !== null) add('u.disabled = ?', filter.disabled);
    if (filter.hospitalId) add('u.hospital_id = ?::uuid', filter.hospitalId);
    const clause = (extra: string[]) => (extra.length > 0 ? `WHERE ${extra.join(' AND ')}` : '');
    const total: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM users u ${clause(where)}`, [...params]);
    if (afterUsername !== null) add('u.username > ?', afterUsername);
    params.push(size);
    const rows: User[] = await this.db.query(`SELECT ${USER_COLUMNS} FROM ${USERS} ${clause(where)} ORDER BY u.username LIMIT $${params.length}`, params);
    return { rows, totalCount: total[0].n };
  }

  async insertAudit(q: Queryable, entry: AuditInsert): Promise<void> {
    await q.query(`INSERT INTO user_audit (user_id, username, actor_id, actor_username, action, changes) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`, [
      entry.userId,
      entry.username,
      entry.actorId,
      entry.actorUsername,
      entry.action,
      JSON.stringify(entry.changes),
    ]);
  }

  /** Newest first; one user's or everyone's; with `hospitalId`, only of that hospital's users. */
  audit(userId: string | undefined, hospitalId: string | null, take: number): Promise<UserAuditEntry[]> {
    return this.db.query(
      `SELECT ${AUDIT_COLUMNS} FROM user_audit a
        WHERE ($1::uuid IS NULL OR a.user_id = $1)
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = a.user_id AND u.hospital_id = $2))
        ORDER BY a.id DESC LIMIT $3`,
      [userId ?? null, hospitalId, take],
    );
  }
}
