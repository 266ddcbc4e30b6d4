import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LoginFailureScope } from './login-failure.entity';

// The login_failures table (raw SQL through query(), as all of the auth module; see
// users.repository.ts). UPDATE and DELETE with RETURNING are wrapped in a CTE: TypeORM's
// query() gives their rows only for a SELECT. Usernames and addresses come already cut to
// their columns' widths.

export interface CounterRow {
  scope: LoginFailureScope;
  failures: number;
  locked_until: Date | null;
}

@Injectable()
export class LoginFailuresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One more in the counter's window (a new window once the last one or its lock is over); a
   * locked counter stays. One atomic upsert, so parallel attempts cannot slip past the limit.
   */
  bump(scope: LoginFailureScope, username: string, address: string, windowSeconds: number): Promise<CounterRow[]> {
    return this.db.query(
      `INSERT INTO login_failures AS f (scope, address, username, failures, window_started_at)
       VALUES ($1, $3, $2, 1, now())
       ON CONFLICT (scope, address, username) DO UPDATE SET
         failures = CASE
           WHEN f.locked_until > now() THEN f.failures
           WHEN f.locked_until IS NOT NULL OR f.window_started_at <= now() - make_interval(secs => $4) THEN 1
           ELSE f.failures + 1 END,
         window_started_at = CASE
           WHEN f.locked_until > now() THEN f.window_started_at
           WHEN f.locked_until IS NOT NULL OR f.window_started_at <= now() - make_interval(secs => $4) THEN now()
           ELSE f.window_started_at END,
         locked_until = CASE WHEN f.locked_until > now() THEN f.locked_until END
       RETURNING scope, failures, locked_until`,
      [scope, username, address, windowSeconds],
    );
  }

  /** Until when this address is locked for every username, or null. */
  async addressLockedUntil(address: string): Promise<Date | null> {
    const rows: { locked_until: Date }[] = await this.db.query(
      `SELECT locked_until FROM login_failures WHERE scope = 'ADDRESS' AND username = '' AND address = $1 AND locked_until > now()`,
      [address],
    );
    return rows[0]?.locked_until ?? null;
  }

  async forgetUserAtAddress(username: string, address: string): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE scope = 'USER' AND username = $1 AND address = $2`, [username, address]);
  }

  /** Forgets every address's failures of this username; returns how many counters there were. */
  async forgetUser(username: string): Promise<number> {
    const rows: unknown[] = await this.db.query(`WITH d AS (DELETE FROM login_failures WHERE scope = 'USER' AND username = $1 RETURNING 1) SELECT 1 FROM d`, [
      username,
    ]);
    return rows.length;
  }

  /** Locks the counters that reached their limit (once: a lock already set stays as it is). */
  lockReached(
    username: string,
    address: string,
    limits: { userFailures: number; addressFailures: number; lockSeconds: number },
  ): Promise<{ scope: LoginFailureScope; locked_until: Date }[]> {
    return this.db.query(
      `WITH locked AS (
         UPDATE login_failures
            SET locked_until = now() + make_interval(secs => $5), failures = 0
          WHERE address = $2
            AND ((scope = 'USER' AND username = $1 AND failures >= $3) OR (scope = 'ADDRESS' AND username = '' AND failures >= $4))
            AND (locked_until IS NULL OR locked_until <= now())
          RETURNING scope, locked_until)
       SELECT scope, locked_until FROM locked`,
      [username, address, limits.userFailures, limits.addressFailures, limits.lockSeconds],
    );
  }
}
