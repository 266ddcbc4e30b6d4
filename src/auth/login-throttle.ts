import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { LoginFailureScope } from './login-failure.entity';
import { LoginFailuresRepository, type CounterRow } from './login-failures.repository';

export type AttemptCheck = { allowed: true } | { allowed: false; until: Date };

/** Username as counted: lower-cased, cut to the column's width (a typed name need not exist). */
export const countedUsername = (username: string): string => username.toLowerCase().slice(0, 200);
const countedAddress = (address: string): string => address.slice(0, 64);

/**
 * Failed logins per (username, client address) and per address, in PostgreSQL so every
 * replica agrees. For a (username, address) pair each attempt is counted before the password
 * is checked, in one atomic upsert, so parallel guesses cannot slip past the limit; a success
 * takes it back.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    private readonly counters: LoginFailuresRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts an attempt of `username` from `address` before the password is checked; refused
   * while that pair or the address is locked, or the pair is over its limit.
   */
  async begin(username: string, address: string): Promise<AttemptCheck> {
    const rows = await this.bump('USER', countedUsername(username), address);
    const addressLock = await this.counters.addressLockedUntil(countedAddress(address));
    const now = Date.now();
    const until = [...rows.map((r) => r.locked_until), addressLock].filter((d): d is Date => d !== null && d.getTime() > now).map((d) => d.getTime());
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
    await this.counters.forgetUserAtAddress(countedUsername(username), countedAddress(address));
  }

  /** One more in the counter's window (a new window once the last one or its lock is over); a locked counter stays. */
  private bump(scope: LoginFailureScope, username: string, address: string): Promise<CounterRow[]> {
    return this.counters.bump(scope, username, countedAddress(address), this.config.env.LOGIN_LOCK_SECONDS);
  }

  /** ADMIN's unlockUser: forgets every address's failures for this username. Returns how many were cleared. */
  async clearUser(username: string): Promise<number> {
    return this.counters.forgetUser(countedUsername(username));
  }

  /** Locks the counters that reached their limit (once: a lock already set stays as it is). */
  private async lockIfReached(username: string, address: string): Promise<Date | null> {
    const { LOGIN_MAX_FAILURES, LOGIN_ADDRESS_MAX_FAILURES, LOGIN_LOCK_SECONDS } = this.config.env;
    const locked = await this.counters.lockReached(countedUsername(username), countedAddress(address), {
      userFailures: LOGIN_MAX_FAILURES,
      addressFailures: LOGIN_ADDRESS_MAX_FAILURES,
      lockSeconds: LOGIN_LOCK_SECONDS,
    });
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
