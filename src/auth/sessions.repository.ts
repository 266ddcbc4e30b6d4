import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { leftJoinHospital } from '../hospitals/hospitals.sql';
import type { Role } from './roles';
import type { SessionEndReason } from './session.entity';

// The sessions table (raw SQL through query(), as all of the auth module; see users.repository.ts).
// UPDATE ... RETURNING is wrapped in a CTE: TypeORM's query() gives rows only for a SELECT.

/** A session and its user as they are now. */
export interface SessionRow {
  user_id: string;
  expires_at: Date;
  ended_at: Date | null;
  ended_reason: SessionEndReason | null;
  username: string;
  roles: Role[];
  ward_ids: string[];
  hospital_id: string | null;
  hospital_code: string | null;
  disabled: boolean;
  must_change_password: boolean;
}

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(userId: string, ttlSeconds: number, clientAddress: string | null): Promise<{ id: string; expiresAt: Date }> {
    const rows: { id: string; expires_at: Date }[] = await this.db.query(
      `INSERT INTO sessions (user_id, expires_at, client_address)
       VALUES ($1, now() + make_interval(secs => $2), $3) RETURNING id, expires_at`,
      [userId, ttlSeconds, clientAddress?.slice(0, 64) ?? null],
    );
    return { id: rows[0].id, expiresAt: rows[0].expires_at };
  }

  async withUser(sessionId: string): Promise<SessionRow | null> {
    const rows: SessionRow[] = await this.db.query(
      `SELECT s.user_id, s.expires_at, s.ended_at, s.ended_reason, u.username, u.roles::text[] AS roles,
              u.ward_ids::text[] AS ward_ids, u.hospital_id, h.code AS hospital_code, u.disabled, u.must_change_password
         FROM sessions s JOIN users u ON u.id = s.user_id ${leftJoinHospital('u.hospital_id')}
        WHERE s.id = $1`,
      [sessionId],
    );
    return rows[0] ?? null;
  }

  /** Of these sessions, the ones still usable (open, unexpired, user enabled). */
  async stillOpen(sessionIds: string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = ANY($1::uuid[]) AND s.ended_at IS NULL AND s.expires_at > now() AND NOT u.disabled`,
      [sessionIds],
    );
    return rows.map((r) => r.id);
  }

  /** Returns whether it was open. */
  async end(sessionId: string, reason: SessionEndReason): Promise<boolean> {
    const rows: { id: string }[] = await this.db.query(
      `WITH e AS (UPDATE sessions SET ended_at = now(), ended_reason = $2 WHERE id = $1 AND ended_at IS NULL RETURNING id)
       SELECT id FROM e`,
      [sessionId, reason],
    );
    return rows.length > 0;
  }

  /** Every open session of a user but `except`, in the caller's transaction. Returns their ids. */
  async endOfUser(manager: EntityManager, userId: string, reason: SessionEndReason, except?: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `WITH e AS (
         UPDATE sessions SET ended_at = now(), ended_reason = $2
          WHERE user_id = $1 AND ended_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid) RETURNING id)
       SELECT id FROM e`,
      [userId, reason, except ?? null],
    );
    return rows.map((r) => r.id);
  }
}
