import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a bearer token says: whose it is and which session it belongs to. Roles and wards are
 * not in it: every request reads them, and whether the session is still open, from the database.
 */
export interface TokenClaims {
  sub: string;
  /** The `sessions` row; ending it ends the token. */
  sid: string;
  iat: number;
  exp: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function sign(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

/** A compact HS256 JWT. */
export function issueToken(claims: Omit<TokenClaims, 'iat' | 'exp'>, secret: string, ttlSeconds: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const payload = Buffer.from(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds })).toString('base64url');
  return `${HEADER}.${payload}.${sign(`${HEADER}.${payload}`, secret)}`;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: string };

export function verifyToken(token: string, secret: string, now = Date.now()): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'The token is malformed.' };
  const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`, secret));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'The token signature is not valid.' };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'The token is malformed.' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'The token is malformed.' };
  if (claims.exp * 1000 <= now) return { ok: false, reason: 'The token has expired; log in again.' };
  return { ok: true, claims };
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.sub === 'string' && typeof v.sid === 'string' && UUID.test(v.sid) && typeof v.iat === 'number' && typeof v.exp === 'number';
}

/**
 * Whether a request counts as a logged-in user's: only when its bearer token verifies
 * (signature and expiry). Anything else (no header, `authorization: x`, a forged or expired
 * token) is anonymous traffic and limited as such.
 */
export function hasVerifiedToken(authorization: string | undefined, secret: string, now = Date.now()): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  return match !== null && verifyToken(match[1], secret, now).ok;
}
