import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuthService } from '../../src/auth/auth.service';
import type { Principal } from '../../src/auth/principal';
import { SessionService } from '../../src/auth/sessions';
import { verifyToken } from '../../src/auth/token';
import { AppConfig } from '../../src/config/app-config';
import { Hospital } from '../../src/hospitals/hospital.entity';
import { newUser, newWard, SYSTEM_ADMIN } from '../support/factories';
import { Medium } from '../support/medium';

let m: Medium;
let auth: AuthService;
let sessions: SessionService;

beforeAll(async () => {
  m = await Medium.start();
  auth = m.get(AuthService);
  sessions = m.get(SessionService);
});
afterAll(() => m?.close());

/** Logs in and returns the principal the token's session stands for. */
async function loggedIn(username: string, password: string): Promise<{ token: string; principal: Principal }> {
  const { token } = await auth.login(username, password, '10.0.0.1');
  const found = await auth.principalFromAuthorization(`Bearer ${token}`);
  if (!found.principal) throw new Error(`no principal: ${found.error}`);
  return { token, principal: found.principal };
}

describe('AuthService and SessionService on PostgreSQL', () => {
  it('login creates a session the token names; logout ends it, on lookup too', async () => {
    const user = await newUser(m, 'AUDITOR');
    const { token, principal } = await loggedIn(user.username, user.password);
    const check = verifyToken(token, m.get(AppConfig).jwtSecret);
    if (!check.ok) throw new Error(check.reason);
    expect(principal).toMatchObject({ id: user.principal.id, username: user.username, roles: ['AUDITOR'], sessionId: check.claims.sid });
    expect(await sessions.stillOpen([principal.sessionId!])).toEqual(new Set([principal.sessionId]));

    expect(await auth.logout(principal)).toBe(true);
    expect(await auth.logout(principal)).toBe(false);
    expect(await sessions.stillOpen([principal.sessionId!])).toEqual(new Set());
    const after = await auth.principalFromAuthorization(`Bearer ${token}`);
    expect(after.principal).toBeNull();
    expect(after.error).toMatch(/ended: you logged out/);
  });

  it('a wrong password creates no session', async () => {
    const user = await newUser(m, 'AUDITOR');
    await expect(auth.login(user.username, 'not-the-password-1', '10.0.0.2')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(auth.login('nobody-here', user.password, '10.0.0.2')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('updateUser ends the sessions of a changed user; the principal read afterwards is refused, another user is not touched', async () => {
    const ward = await newWard(m);
    const staff = await newUser(m, 'WARD_STAFF', [ward.id]);
    const bystander = await newUser(m, 'AUDITOR');
    const a = await loggedIn(staff.username, staff.password);
    const b = await loggedIn(staff.username, staff.password);
    const other = await loggedIn(bystander.username, bystander.password);

    // Another ward of the same hospital: a user's wards are all of the user's hospital.
    const otherWard = await newWard(m, await m.db.getRepository(Hospital).findOneByOrFail({ id: ward.hospitalId }));
    await auth.updateUser(SYSTEM_ADMIN, { id: staff.principal.id, wardIds: [otherWard.id] });
    expect(await sessions.stillOpen([a.principal.sessionId!, b.principal.sessionId!, other.principal.sessionId!])).toEqual(
      new Set([other.principal.sessionId]),
    );
    const refused = await auth.principalFromAuthorization(`Bearer ${a.token}`);
    expect(refused.principal).toBeNull();
    expect(refused.error).toMatch(/changed this user's roles or wards/);

    // A new login sees the new ward.
    const again = await loggedIn(staff.username, staff.password);
    expect(again.principal.wardIds).toEqual([otherWard.id]);
  });

  it('disabling a user ends their sessions and refuses their login', async () => {
    const user = await newUser(m, 'FINANCE');
    const s = await loggedIn(user.username, user.password);
    await auth.updateUser(SYSTEM_ADMIN, { id: user.principal.id, disabled: true });
    expect((await auth.principalFromAuthorization(`Bearer ${s.token}`)).error).toMatch(/disabled/);
    await expect(auth.login(user.username, user.password, '10.0.0.3')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('an update that changes nothing ends no session; bad input changes nothing', async () => {
    const user = await newUser(m, 'VERIFIER');
    const s = await loggedIn(user.username, user.password);
    await auth.updateUser(SYSTEM_ADMIN, { id: user.principal.id, roles: ['VERIFIER'] });
    await expect(auth.updateUser(SYSTEM_ADMIN, { id: user.principal.id, roles: ['VERIFIER', 'FINANCE'] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await sessions.stillOpen([s.principal.sessionId!])).toEqual(new Set([s.principal.sessionId]));
    expect((await auth.findUser(user.principal.id))?.roles).toEqual(['VERIFIER']);
  });

  it('resetPassword ends every session and the audit records each change', async () => {
    const user = await newUser(m, 'AUDITOR');
    const s = await loggedIn(user.username, user.password);
    const temporary = await auth.resetPassword(SYSTEM_ADMIN, user.principal.id);
    expect((await auth.principalFromAuthorization(`Bearer ${s.token}`)).error).toMatch(/password was reset/);
    await expect(auth.login(user.username, user.password, '10.0.0.4')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await loggedIn(user.username, temporary)).principal.mustChangePassword).toBe(true);
    const audit = await auth.userAudit(SYSTEM_ADMIN, user.principal.id, 10);
    expect(audit.map((e) => e.action)).toEqual(['RESET_PASSWORD', 'CREATE']);
  });
});
