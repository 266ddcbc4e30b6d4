import { createHmac, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from './roles';

/** What a bearer token says about its holder. */
export interface TokenClaims {
  sub: string;
  username: string;
  roles: Role[];
  wardIds: string[];
  iat: number;
  exp: number;
}

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
  return (
    typeof v.sub === 'string' &&
    typeof v.username === 'string' &&
    typeof v.iat === 'number' &&
    typeof v.exp === 'number' &&
    Array.isArray(v.roles) &&
    v.roles.every((r) => (ROLES as readonly unknown[]).includes(r)) &&
    Array.isArray(v.wardIds) &&
    v.wardIds.every((w) => typeof w === 'string')
  );
}
