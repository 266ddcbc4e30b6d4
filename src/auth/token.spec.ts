import { jest } from '@jest/globals';
import { issueToken, TokenVerifier, verifyToken } from './token';

const SECRET = 'a'.repeat(40);
const claims = { sub: 'u1', sid: '5b0e6a3c-6f0e-4c61-9d1e-3a7f2b8c9d10' };

describe('bearer tokens', () => {
  it('round-trips the claims', () => {
    const check = verifyToken(issueToken(claims, SECRET, 60), SECRET);
    expect(check.ok && check.claims.sid).toBe(claims.sid);
  });

  it('refuses another secret, a changed payload and an expired token', () => {
    const token = issueToken(claims, SECRET, 60, Date.now());
    expect(verifyToken(token, 'b'.repeat(40)).ok).toBe(false);
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'u2', iat: 0, exp: 9e9 })).toString('base64url');
    expect(verifyToken(`${h}.${forged}.${s}`, SECRET).ok).toBe(false);
    const expired = verifyToken(token, SECRET, Date.now() + 61_000);
    expect(expired.ok).toBe(false);
    if (!expired.ok) expect(expired.reason).toMatch(/expired/);
  });

  it('refuses a token without a session id', () => {
    expect(verifyToken(issueToken({ ...claims, sid: 'not-a-uuid' }, SECRET, 60), SECRET).ok).toBe(false);
  });

  it('refuses garbage', () => {
    for (const bad of ['', 'a.b', 'a.b.c', '...', 'x'.repeat(10_000)]) expect(verifyToken(bad, SECRET).ok).toBe(false);
  });
});

describe('TokenVerifier', () => {
  const secret = 's'.repeat(32);
  const claims = { sub: '7b0f3f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', sid: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9' };
  const now = 1_700_000_000_000;

  it('counts a request as logged in only for a bearer token whose signature and expiry verify', () => {
    const verifier = new TokenVerifier(secret);
    const token = issueToken(claims, secret, 60, now);
    expect(verifier.isLoggedIn(`Bearer ${token}`, now)).toBe(true);
    expect(verifier.isLoggedIn(undefined, now)).toBe(false);
    expect(verifier.isLoggedIn('x', now)).toBe(false);
    expect(verifier.isLoggedIn(token, now)).toBe(false);
    expect(new TokenVerifier('t'.repeat(32)).isLoggedIn(`Bearer ${token}`, now)).toBe(false);
    expect(verifier.isLoggedIn(`Bearer ${token.slice(0, -2)}xx`, now)).toBe(false);
    expect(verifier.isLoggedIn(`Bearer ${token}`, now + 61_000)).toBe(false);
  });

  it('refuses a remembered token once it has expired, and a changed copy of it while it has not', () => {
    const verifier = new TokenVerifier(secret);
    const token = issueToken(claims, secret, 60, now);
    expect(verifier.verify(token, now)).toEqual({ ok: true, claims: { ...claims, iat: now / 1000, exp: now / 1000 + 60 } });
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'u2', iat: 0, exp: 9e9 })).toString('base64url');
    expect(verifier.verify(`${h}.${forged}.${s}`, now).ok).toBe(false);
    expect(verifier.verify(`${token}x`, now).ok).toBe(false);
    const expired = verifier.verify(token, now + 60_000);
    expect(expired).toEqual({ ok: false, reason: 'The token has expired; log in again.' });
    expect(verifier.verify(token, now + 1_000).ok).toBe(true);
  });

  it('computes the signature of a token once, however often it is checked, and stays within its bound', () => {
    const verifications = jest.fn(verifyToken);
    const verifier = new TokenVerifier(secret, 2, verifications);
    const tokens = [0, 1, 2].map((i) => issueToken({ ...claims, sub: `user-${i}` }, secret, 60, now));
    for (let i = 0; i < 5; i++) expect(verifier.isLoggedIn(`Bearer ${tokens[0]}`, now)).toBe(true);
    expect(verifications).toHaveBeenCalledTimes(1);
    // A third token clears the two remembered ones: the first is verified afresh.
    for (const t of tokens) verifier.verify(t, now);
    verifications.mockClear();
    expect(verifier.verify(tokens[0], now).ok).toBe(true);
    expect(verifier.verify(tokens[2], now).ok).toBe(true);
    expect(verifications).toHaveBeenCalledTimes(1);
  });
});
