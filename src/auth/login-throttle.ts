import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { LoginFailureScope } from './login-failure.entity';

interface CounterRow {
  scope: LoginFailureScope;
  failures: number;
  locked_until: Date | null;
}

export type AttemptCheck = { allowed: true } | { allowed: false; until: Date };

/** Username as counted: lower-cased, cut to the column's width (a typed name need not exist). */
export const countedUsername = (username: string): string => username.toLowerCase().slice(0, 200);
const countedAddress = (address: string): string => address.slice(0, 64);

/**
 * (UPDATE and DELETE with RETURNING are wrapped in a CTE: TypeORM's query() gives their rows
 * only for a SELECT.)
 *
 * Failed logins per (username, client address) and per address, in PostgreSQL so every
 * replica agrees. For a (username, address) pair each attempt is counted before the password
 * is checked, in one atomic upsert, so parallel guesses cannot slip past the limit; a success
 * takes it back.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts an attempt of `username` from `address` before the password is checked; refused
   * while that pair or the address is locked, or the pair is over its limit.
   */
  async begin(username: string, address: string): Promise<AttemptCheck> {
    const rows = await this.bump('USER', countedUsername(username), address);
    const addressLock: { locked_until: Date }[] = await this.db.query(
      `SELECT locked_until FROM login_failures WHERE scope = 'ADDRESS' AND username = '' AND address = $1 AND locked_until > now()`,
      [countedAddress(address)],
    );
    const now = Date.now();
    const until = [...rows.map((r) => r.locked_until), ...addressLock.map((r) => r.locked_until)]
      .filter((d): d is Date => d !== null && d.getTime() > now)
      .map((d) => d.getTime());
    if (until.length > 0) return { allowed: false, until: new Date(Math.max(...until)) };
    // Over the limit without a lock: attempts that ran in parallel with the one that reached it.
    if (rows.some((r) => r.failures > this.config.env.LOGIN_MAX_FAILURES)) {
      const locked = await this.lockIfReached(username, address);
      return { allowed: false, until: locked ?? new Date(now + this.config.env.LOGIN_LOCK_SECONDS * 1000) };
    }
    return { allowed: true };
  }

  /**
   * The password was wrong (or the user unknown or disabled): the address counts one failure
   * (only real failures, so staff logging in at once behind one NAT do not add up), and what
   * reached its limit is locked.
   */
  async failed(username: string, address: string): Promise<void> {
    await this.bump('ADDRESS', '', address);
    await this.lockIfReached(username, address);
  }

  /** The password was right: this attempt was no failure. */
  async succeeded(username: string, address: string): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE scope = 'USER' AND username = $1 AND address = $2`, [
      countedUsername(username),
      countedAddress(address),
    ]);
  }

  /** One more in the counter's window (a new window once the last one or its lock is over); a locked counter stays. */
  private bump(scope: LoginFailureScope, username: string, address: string): Promise<CounterRow[]> {
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
      [scope, username, countedAddress(address), this.config.env.LOGIN_LOCK_SECONDS],
    );
  }

  /** ADMIN's unlockUser: forgets every address's failures for this username. Returns how many were cleared. */
  async clearUser(username: string): Promise<number> {
    const rows: unknown[] = await this.db.query(`WITH d AS (DELETE FROM login_failures WHERE scope = 'USER' AND username = $1 RETURNING 1) SELECT 1 FROM d`, [
      countedUsername(username),
    ]);
    return rows.length;
  }

  /** Locks the counters that reached their limit (once: a lock already set stays as it is). */
  private async lockIfReached(username: string, address: string): Promise<Date | null> {
    const { LOGIN_MAX_FAILURES, LOGIN_ADDRESS_MAX_FAILURES, LOGIN_LOCK_SECONDS } = this.config.env;
    const locked: { scope: LoginFailureScope; locked_until: Date }[] = await this.db.query(
      `WITH locked AS (
         UPDATE login_failures
            SET locked_until = now() + make_interval(secs => $5), failures = 0
          WHERE address = $2
            AND ((scope = 'USER' AND username = $1 AND failures >= $3) OR (scope = 'ADDRESS' AND username = '' AND failures >= $4))
            AND (locked_until IS NULL OR locked_until <= now())
          RETURNING scope, locked_until)
       SELECT scope, locked_until FROM locked`,
      [countedUsername(username), countedAddress(address), LOGIN_MAX_FAILURES, LOGIN_ADDRESS_MAX_FAILURES, LOGIN_LOCK_SECONDS],
    );
    for (const row of locked) {
      this.logger.warn({
        msg: row.scope === 'USER' ? 'login locked for this username from this address' : 'login locked for this address',
        username: countedUsername(username).slice(0, 64),
        address,
        until: row.locked_until.toISOString(),
      });
    }
    return locked.length > 0 ? locked[0].locked_until : null;
  }
}
