import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../outbox/event-bus';
import type { Principal } from './principal';
import type { SessionEndReason } from './session.entity';
import { SessionsRepository } from './sessions.repository';

/** Pub/sub topic: sessions ended or a user changed; every replica drops what it cached and closes sockets. */
export const AUTH_REVOKED = 'authRevoked';

/** What every replica is told when sessions end or a user changes. */
export interface Revocation {
  userId: string;
  /** Sessions that ended (their WebSockets are closed); the user's other cached sessions are re-read. */
  sessionIds: string[];
  reason: SessionEndReason;
}

export type SessionLookup = { ok: true; principal: Principal; expiresAt: Date } | { ok: false; reason: string };

/**
 * A looked-up session is reused for at most this long. Revocations drop entries at once on
 * every replica through the event bus; the bound holds even while the bus is down.
 */
export const SESSION_CACHE_MS = 1000;
const CACHE_MAX_ENTRIES = 10_000;

const ENDED: Record<SessionEndReason, string> = {
  LOGOUT: 'you logged out',
  USER_CHANGED: "an administrator changed this user's roles or wards",
  DISABLED: 'an administrator disabled this user',
  PASSWORD_RESET: 'the password was reset',
  PASSWORD_CHANGED: 'the password was changed in another session',
};

/**
 * Sessions in PostgreSQL: created at login, read on every request (briefly cached per
 * process), ended by logout and by changes to their user. Ends are announced on the event bus.
 */
@Injectable()
export class SessionService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionService.name);
  private readonly cache = new Map<string, { lookup: SessionLookup & { ok: true }; at: number }>();
  /** Bumped by every revocation, so a lookup that raced with one does not cache what it read. */
  private generation = 0;
  private readonly listeners = new Set<(revocation: Revocation | null) => void>();
  private subscription: number | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly rows: SessionsRepository,
    private readonly bus: EventBus,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscription = await this.bus.subscribe(AUTH_REVOKED, (payload) => {
      if (isRevocation(payload)) this.apply(payload);
    });
    // Revocations published while this process was not listening are lost to it: forget
    // everything cached, and let the WebSocket side re-check its sessions (null).
    this.stopListening = this.bus.onListening(() => {
      this.generation++;
      this.cache.clear();
      for (const listener of this.listeners) listener(null);
    });
  }

  onModuleDestroy(): void {
    if (this.subscription !== null) this.bus.unsubscribe(this.subscription);
    this.subscription = null;
    this.stopListening?.();
  }

  /** `listener(null)`: revocations may have been missed; re-check every session held. */
  onRevoked(listener: (revocation: Revocation | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  create(userId: string, ttlSeconds: number, clientAddress: string | null): Promise<{ id: string; expiresAt: Date }> {
    return this.rows.create(userId, ttlSeconds, clientAddress);
  }

  /** The session's current user, roles and wards, or why it may not be used. */
  async lookup(sessionId: string, userId: string): Promise<SessionLookup> {
    const now = Date.now();
    const cached = this.cache.get(sessionId);
    if (cached && now - cached.at < SESSION_CACHE_MS && cached.lookup.expiresAt.getTime() > now) return cached.lookup;
    const generation = this.generation;
    const row = await this.rows.withUser(sessionId);
    if (!row || row.user_id !== userId) return { ok: false, reason: 'This session does not exist (any more); log in again.' };
    if (row.ended_at) {
      return { ok: false, reason: `This session has ended: ${row.ended_reason ? ENDED[row.ended_reason] : 'it was closed'}; log in again.` };
    }
    if (row.expires_at.getTime() <= Date.now()) return { ok: false, reason: 'The token has expired; log in again.' };
    if (row.disabled) return { ok: false, reason: 'This user is disabled; ask an administrator.' };
    const lookup = {
      ok: true as const,
      expiresAt: row.expires_at,
      principal: {
        id: row.user_id,
        username: row.username,
        roles: row.roles,
        wardIds: row.ward_ids,
        hospitalId: row.hospital_id,
        hospitalCode: row.hospital_code,
        sessionId,
        mustChangePassword: row.must_change_password,
      },
    };
    if (generation === this.generation) {
      if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
      this.cache.set(sessionId, { lookup, at: Date.now() });
    }
    return lookup;
  }

  /** Of these sessions, the ones still usable (open, unexpired, user enabled). */
  async stillOpen(sessionIds: string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    return new Set(await this.rows.stillOpen(sessionIds));
  }

  /** Ends one session (logout). Returns whether it was open. */
  endSession(sessionId: string, reason: SessionEndReason): Promise<boolean> {
    return this.rows.end(sessionId, reason);
  }

  /** Ends every open session of a user (but `except`), in the caller's transaction. Returns their ids. */
  endUserSessions(manager: EntityManager, userId: string, reason: SessionEndReason, except?: string): Promise<string[]> {
    return this.rows.endOfUser(manager, userId, reason, except);
  }

  /**
   * After the change committed: this replica forgets at once, every other one when the bus
   * delivers. A failed publish is logged; the other replicas still stop within SESSION_CACHE_MS
   * for HTTP, and their WebSocket sweep closes the sockets.
   */
  async announce(revocation: Revocation): Promise<void> {
    this.apply(revocation);
    try {
      await this.bus.publish(AUTH_REVOKED, revocation);
    } catch (err) {
      this.logger.warn({ msg: 'could not publish a session revocation; other replicas catch up by themselves', err: String(err) });
    }
  }

  private apply(revocation: Revocation): void {
    this.generation++;
    const ended = new Set(revocation.sessionIds);
    for (const [id, entry] of this.cache) {
      if (ended.has(id) || entry.lookup.principal.id === revocation.userId) this.cache.delete(id);
    }
    for (const listener of this.listeners) listener(revocation);
  }
}

function isRevocation(value: unknown): value is Revocation {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.userId === 'string' && Array.isArray(v.sessionIds) && v.sessionIds.every((s) => typeof s === 'string') && typeof v.reason === 'string';
}
