import { hasVerifiedToken, issueToken, verifyToken } from './token';

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

describe('hasVerifiedToken', () => {
  const secret = 's'.repeat(32);
  const claims = { sub: '7b0f3f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', sid: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9' };

  it('is true only for a bearer token whose signature and expiry verify', () => {
    const now = 1_700_000_000_000;
    const token = issueToken(claims, secret, 60, now);
    expect(hasVerifiedToken(`Bearer ${token}`, secret, now)).toBe(true);
    expect(hasVerifiedToken(undefined, secret, now)).toBe(false);
    expect(hasVerifiedToken('x', secret, now)).toBe(false);
    expect(hasVerifiedToken(token, secret, now)).toBe(false);
    expect(hasVerifiedToken(`Bearer ${token}`, 't'.repeat(32), now)).toBe(false);
    expect(hasVerifiedToken(`Bearer ${token.slice(0, -2)}xx`, secret, now)).toBe(false);
    expect(hasVerifiedToken(`Bearer ${token}`, secret, now + 61_000)).toBe(false);
  });
});
