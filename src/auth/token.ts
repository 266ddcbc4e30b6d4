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

const EXPIRED: TokenCheck = { ok: false, reason: 'The token has expired; log in again.' };

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
  if (claims.exp * 1000 <= now) return EXPIRED;
  return { ok: true, claims };
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.sub === 'string' && typeof v.sid === 'string' && UUID.test(v.sid) && typeof v.iat === 'number' && typeof v.exp === 'number';
}

/** The token of an `authorization: Bearer <token>` header, or null when it has another form. */
export function bearerToken(authorization: string | undefined | null): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  return match ? match[1] : null;
}

/**
 * verifyToken with one secret, remembering the claims of the tokens that verified: the
 * anonymous-traffic limiter and the guard both check every request's token, and a client sends
 * the same token for hours, so its HMAC is computed once per process rather than twice per
 * request. Only a string that verified is remembered, so a changed byte is verified afresh;
 * expiry is checked on every use.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, TokenClaims>();

  constructor(
    private readonly secret: string,
    private readonly maxEntries = 10_000,
    private readonly check: typeof verifyToken = verifyToken,
  ) {}

  verify(token: string, now = Date.now()): TokenCheck {
    const known = this.verified.get(token);
    if (known === undefined) {
      const check = this.check(token, this.secret, now);
      if (check.ok) {
        if (this.verified.size >= this.maxEntries) this.verified.clear();
        this.verified.set(token, check.claims);
      }
      return check;
    }
    if (known.exp * 1000 <= now) {
      this.verified.delete(token);
      return EXPIRED;
    }
    return { ok: true, claims: known };
  }

  /**
   * Whether a request counts as a logged-in user's: only when its bearer token verifies
   * (signature and expiry). Anything else (no header, `authorization: x`, a forged or expired
   * token) is anonymous traffic and limited as such.
   */
  isLoggedIn(authorization: string | undefined, now = Date.now()): boolean {
    const token = bearerToken(authorization);
    return token !== null && this.verify(token, now).ok;
  }
}
