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
 * replica agrees. Each attempt is counted before the password is checked, in one atomic
 * upsert, so parallel attempts cannot slip past the limit; a success takes it back.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Counts an attempt of `username` from `address`; refused while either counter is locked or over its limit. */
  async begin(username: string, address: string): Promise<AttemptCheck> {
    const { LOGIN_LOCK_SECONDS: window } = this.config.env;
    const rows: CounterRow[] = await this.db.query(
      `INSERT INTO login_failures AS f (scope, address, username, failures, window_started_at)
       VALUES ('USER', $2, $1, 1, now()), ('ADDRESS', $2, '', 1, now())
       ON CONFLICT (scope, address, username) DO UPDATE SET
         failures = CASE
           WHEN f.locked_until > now() THEN f.failures
           WHEN f.locked_until IS NOT NULL OR f.window_started_at <= now() - make_interval(secs => $3) THEN 1
           ELSE f.failures + 1 END,
         window_started_at = CASE
           WHEN f.locked_until > now() THEN f.window_started_at
           WHEN f.locked_until IS NOT NULL OR f.window_started_at <= now() - make_interval(secs => $3) THEN now()
           ELSE f.window_started_at END,
         locked_until = CASE WHEN f.locked_until > now() THEN f.locked_until END
       RETURNING scope, failures, locked_until`,
      [countedUsername(username), countedAddress(address), window],
    );
    const now = Date.now();
    const locked = rows.filter((r) => r.locked_until && r.locked_until.getTime() > now);
    if (locked.length > 0) return { allowed: false, until: new Date(Math.max(...locked.map((r) => r.locked_until!.getTime()))) };
    // Over the limit without a lock: attempts that ran in parallel with the one that reached it.
    if (rows.some((r) => r.failures > this.limit(r.scope))) {
      const until = await this.lockIfReached(username, address);
      return { allowed: false, until: until ?? new Date(now + window * 1000) };
    }
    return { allowed: true };
  }

  /** The password was wrong (or the user unknown or disabled): at the limit, lock. */
  async failed(username: string, address: string): Promise<void> {
    await this.lockIfReached(username, address);
  }

  /** The password was right: this attempt was no failure. */
  async succeeded(username: string, address: string): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE scope = 'USER' AND username = $1 AND address = $2`, [
      countedUsername(username),
      countedAddress(address),
    ]);
    await this.db.query(
      `UPDATE login_failures SET failures = greatest(failures - 1, 0)
        WHERE scope = 'ADDRESS' AND username = '' AND address = $1 AND locked_until IS NULL`,
      [countedAddress(address)],
    );
  }

  /** ADMIN's unlockUser: forgets every address's failures for this username. Returns how many were cleared. */
  async clearUser(username: string): Promise<number> {
    const rows: unknown[] = await this.db.query(`WITH d AS (DELETE FROM login_failures WHERE scope = 'USER' AND username = $1 RETURNING 1) SELECT 1 FROM d`, [
      countedUsername(username),
    ]);
    return rows.length;
  }

  private limit(scope: LoginFailureScope): number {
    return scope === 'USER' ? this.config.env.LOGIN_MAX_FAILURES : this.config.env.LOGIN_ADDRESS_MAX_FAILURES;
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
