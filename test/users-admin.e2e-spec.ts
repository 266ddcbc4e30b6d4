import { Logger } from '@nestjs/common';
import request from 'supertest';
import { ADMIN, TestApp, errorCode, type GqlResponse } from './support/test-app';

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token mustChangePassword user { id username } } }`;
const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { id username roles wardIds } }`;
const UPDATE = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { id roles wardIds disabled } }`;
const CHANGE = `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`;
const RESET = `mutation($id: ID!) { resetPassword(id: $id) { temporaryPassword } }`;
const UNLOCK = `mutation($id: ID!) { unlockUser(id: $id) { id } }`;
const USERS = `query($f: UserFilter) { users(filter: $f, first: 200) { totalCount edges { node { id username roles wardIds disabled mustChangePassword } } } }`;
const AUDIT = `query($id: ID) { userAudit(userId: $id) { action actorUsername username changes { field before after } } }`;
const ME = `{ me { username mustChangePassword } }`;
const PASSWORD = 'sasando-bunga-ranap-71';

type LoginData = { login: { token: string; mustChangePassword: boolean; user: { id: string } } };

describe('user administration, passwords and login failures', () => {
  let t: TestApp;
  let admin: string;
  let wardId: string;
  let n = 0;

  beforeAll(async () => {
    // Behind one proxy hop: the client address is the last X-Forwarded-For entry.
    t = await TestApp.start({
      TRUST_PROXY: '1',
      LOGIN_MAX_FAILURES: '3',
      LOGIN_LOCK_SECONDS: '60',
      LOGIN_ADDRESS_MAX_FAILURES: '8',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    });
    admin = await t.adminToken();
    wardId = (await t.db.query(`SELECT id FROM wards ORDER BY code LIMIT 1`))[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** GraphQL over HTTP from a given client address. */
  const from = async <T = Record<string, unknown>>(
    address: string,
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GqlResponse<T>> => {
    const req = request(t.http).post('/graphql').set('content-type', 'application/json').set('x-forwarded-for', address);
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return { status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body };
  };
  const create = async (roles: string[] = ['AUDITOR'], wardIds: string[] = []) => {
    const username = `staf.${++n}.${Date.now().toString(36)}`;
    const res = await t.gql<{ createUser: { id: string } }>(CREATE, { i: { username, password: PASSWORD, roles, wardIds } }, admin);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return { id: res.data.createUser.id, username };
  };
  const login = async (username: string, password = PASSWORD, address = '10.0.0.1') => from<LoginData>(address, LOGIN, { u: username, p: password });
  const tokenOf = async (username: string, password = PASSWORD) => {
    const res = await login(username, password);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.login.token;
  };

  it('refuses weak passwords on createUser and changePassword, and changes nothing', async () => {
    for (const password of ['aaaaaaaaaaaa', 'password1234', '123456789012', 'short-pw']) {
      const res = await t.gql(CREATE, { i: { username: 'lemah.satu', password, roles: ['AUDITOR'], wardIds: [] } }, admin);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(/password/);
    }
    expect((await t.db.query(`SELECT count(*)::int AS n FROM users WHERE username = 'lemah.satu'`))[0].n).toBe(0);

    const { username } = await create();
    const token = await tokenOf(username);
    for (const newPassword of ['aaaaaaaaaaaa', 'password1234', '123456789012', `${username}1`]) {
      const res = await t.gql(CHANGE, { i: { currentPassword: PASSWORD, newPassword } }, token);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(/newPassword/);
    }
    expect(errorCode(await t.gql(CHANGE, { i: { currentPassword: 'not-my-password-at-all', newPassword: 'kuda-lari-di-savana-9' } }, token))).toBe(
      'BAD_USER_INPUT',
    );
    expect((await login(username)).errors).toBeUndefined();
  });

  it('changePassword keeps this session, ends the others, and the new password works', async () => {
    const { username } = await create();
    const current = await tokenOf(username);
    const other = await tokenOf(username);
    const res = await t.gql<{ changePassword: boolean }>(CHANGE, { i: { currentPassword: PASSWORD, newPassword: 'kuda-lari-di-savana-9' } }, current);
    expect(res.data?.changePassword).toBe(true);
    expect((await t.gql(ME, {}, current)).errors).toBeUndefined();
    expect(errorCode(await t.gql(ME, {}, other))).toBe('UNAUTHENTICATED');
    expect(errorCode(await login(username))).toBe('UNAUTHENTICATED');
    expect((await login(username, 'kuda-lari-di-savana-9')).errors).toBeUndefined();
  });

  it('resetPassword: old sessions end; the temporary password logs in once flagged; only changePassword, logout and me until changed', async () => {
    const { id, username } = await create(['FINANCE']);
    const before = await tokenOf(username);
    const reset = await t.gql<{ resetPassword: { temporaryPassword: string } }>(RESET, { id }, admin);
    const temporary = reset.data!.resetPassword.temporaryPassword;
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    expect(errorCode(await t.gql(ME, {}, before))).toBe('UNAUTHENTICATED');
    expect(errorCode(await login(username))).toBe('UNAUTHENTICATED');

    const logged = await login(username, temporary);
    expect(logged.data!.login.mustChangePassword).toBe(true);
    const token = logged.data!.login.token;
    expect((await t.gql<{ me: { mustChangePassword: boolean } }>(ME, {}, token)).data!.me.mustChangePassword).toBe(true);
    for (const query of [`{ hospitals { code } }`, `{ funds { id } }`]) {
      const refused = await t.gql(query, {}, token);
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(refused.errors![0].message).toMatch(/change it first with changePassword/);
    }
    const csv = await request(t.http).get('/ledger/claims.csv').set('authorization', `Bearer ${token}`);
    expect(csv.status).toBe(403);

    const changed = await t.gql(CHANGE, { i: { currentPassword: temporary, newPassword: 'bunga-flamboyan-kupang-4' } }, token);
    expect(changed.errors).toBeUndefined();
    expect((await t.gql(`{ hospitals { code } }`, {}, token)).errors).toBeUndefined();
    // The temporary password worked once: it is gone now.
    expect(errorCode(await login(username, temporary))).toBe('UNAUTHENTICATED');
    expect((await login(username, 'bunga-flamboyan-kupang-4')).data!.login.mustChangePassword).toBe(false);
  });

  it('failed logins from one address lock that address out for that user only; unlockUser clears it', async () => {
    const { id, username } = await create();
    for (let i = 0; i < 3; i++) expect(errorCode(await login(username, 'wrong-password-xyz', '203.0.113.7'))).toBe('UNAUTHENTICATED');
    const locked = await login(username, PASSWORD, '203.0.113.7');
    expect(errorCode(locked)).toBe('RATE_LIMITED');
    // The same user from another address still logs in.
    expect((await login(username, PASSWORD, '198.51.100.20')).errors).toBeUndefined();
    // Another user from the locked address too.
    const { username: colleague } = await create();
    expect((await login(colleague, PASSWORD, '203.0.113.7')).errors).toBeUndefined();

    // Only ADMIN unlocks.
    const auditor = await tokenOf(colleague);
    expect(errorCode(await t.gql(UNLOCK, { id }, auditor))).toBe('FORBIDDEN');
    expect((await t.gql(UNLOCK, { id }, admin)).errors).toBeUndefined();
    expect((await login(username, PASSWORD, '203.0.113.7')).errors).toBeUndefined();
  });

  it('known and unknown usernames get the same answers, locked or not', async () => {
    const { username } = await create();
    const address = '192.0.2.44';
    const known: GqlResponse[] = [];
    const unknown: GqlResponse[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await login(username, 'wrong-password-xyz', address));
      unknown.push(await login('tidak.ada.orang', 'wrong-password-xyz', address));
    }
    expect(known.map(errorCode)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
    expect(unknown.map(errorCode)).toEqual(known.map(errorCode));
    expect(unknown[0].errors![0].message).toBe(known[0].errors![0].message);
    // The lock message carries a time; apart from it they are the same.
    const strip = (r: GqlResponse) => r.errors![0].message.replace(/after \S+Z/, 'after T');
    expect(strip(unknown[3])).toBe(strip(known[3]));

    // Similar timing: both run the password hash (scrypt), known or not.
    const time = async (u: string) => {
      const started = process.hrtime.bigint();
      await login(u, 'wrong-password-xyz', `192.0.2.${100 + n++}`);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const k: number[] = [];
    const u: number[] = [];
    for (let i = 0; i < 5; i++) {
      k.push(await time(username));
      u.push(await time('tidak.ada.orang'));
    }
    expect(median(u)).toBeGreaterThan(median(k) * 0.4);
    expect(median(u)).toBeLessThan(median(k) * 2.5);
  });

  it('an address guessing many usernames is locked out for every username', async () => {
    const address = '198.51.100.99';
    const { username } = await create();
    // LOGIN_ADDRESS_MAX_FAILURES is 8: two tries each at four usernames (none reaches the per-user 3).
    for (let i = 0; i < 8; i++) expect(errorCode(await login(`tebakan.${i % 4}`, 'wrong-password-xyz', address))).toBe('UNAUTHENTICATED');
    const blocked = await login(username, PASSWORD, address);
    expect(errorCode(blocked)).toBe('RATE_LIMITED');
    expect((await login(username, PASSWORD, '198.51.100.100')).errors).toBeUndefined();
  });

  it('logs every refused login and lock with username and address, never the password', async () => {
    // Logger.prototype.warn is what the services' loggers call (the test logger prints only errors).
    const calls: Record<string, unknown>[] = [];
    const original = Logger.prototype.warn;
    Logger.prototype.warn = function (message: unknown) {
      calls.push(message as Record<string, unknown>);
    };
    try {
      for (let i = 0; i < 3; i++) await login('rahasia.user', 'sangat-rahasia-999', '192.0.2.200');
    } finally {
      Logger.prototype.warn = original;
    }
    const out = JSON.stringify(calls);
    expect(calls.filter((m) => m.msg === 'login refused')).toHaveLength(3);
    expect(calls[0]).toMatchObject({ msg: 'login refused', username: 'rahasia.user', address: '192.0.2.200' });
    expect(calls).toContainEqual(
      expect.objectContaining({ msg: 'login locked for this username from this address', username: 'rahasia.user', address: '192.0.2.200' }),
    );
    expect(out).not.toContain('sangat-rahasia-999');
  });

  it('a user may hold at most one of ADMISSIONS, VERIFIER, FINANCE: createUser and updateUser refuse it', async () => {
    const combo = await t.gql(CREATE, { i: { username: 'dua.peran', password: PASSWORD, roles: ['ADMISSIONS', 'FINANCE'], wardIds: [] } }, admin);
    expect(errorCode(combo)).toBe('BAD_USER_INPUT');
    expect(combo.errors![0].message).toMatch(/at most one of ADMISSIONS, VERIFIER, FINANCE/);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM users WHERE username = 'dua.peran'`))[0].n).toBe(0);

    const { id } = await create(['VERIFIER']);
    const refused = await t.gql(UPDATE, { i: { id, roles: ['VERIFIER', 'FINANCE'] } }, admin);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0].message).toMatch(/at most one of ADMISSIONS, VERIFIER, FINANCE/);
    expect((await t.db.query(`SELECT roles::text[] AS roles FROM users WHERE id = $1`, [id]))[0].roles).toEqual(['VERIFIER']);
    const allowed = await t.gql<{ updateUser: { roles: string[] } }>(UPDATE, { i: { id, roles: ['FINANCE', 'AUDITOR'] } }, admin);
    expect(allowed.data!.updateUser.roles.sort()).toEqual(['AUDITOR', 'FINANCE']);
  });

  it('updateUser validates its input and refuses to lock out the caller', async () => {
    const { id } = await create(['WARD_STAFF'], [wardId]);
    expect(errorCode(await t.gql(UPDATE, { i: { id } }, admin))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(UPDATE, { i: { id, wardIds: [] } }, admin))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(UPDATE, { i: { id, wardIds: ['00000000-0000-4000-8000-000000000000'] } }, admin))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(UPDATE, { i: { id: '00000000-0000-4000-8000-000000000000', disabled: true } }, admin))).toBe('NOT_FOUND');
    const adminId = (await t.gql<{ me: { id: string } }>(`{ me { id } }`, {}, admin)).data!.me.id;
    expect(errorCode(await t.gql(UPDATE, { i: { id: adminId, disabled: true } }, admin))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(UPDATE, { i: { id: adminId, roles: ['AUDITOR'] } }, admin))).toBe('BAD_USER_INPUT');
    expect((await t.gql(ME, {}, admin)).errors).toBeUndefined();
  });

  it('users lists by role, ward and disabled; a disabled user is refused and can be enabled again', async () => {
    const { id, username } = await create(['WARD_STAFF'], [wardId]);
    const token = await tokenOf(username);
    await t.gql(UPDATE, { i: { id, disabled: true } }, admin);
    expect(errorCode(await t.gql(ME, {}, token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await login(username))).toBe('UNAUTHENTICATED');
    type Users = { users: { totalCount: number; edges: { node: { id: string; username: string; disabled: boolean } }[] } };
    const disabled = await t.gql<Users>(USERS, { f: { disabled: true } }, admin);
    expect(disabled.data!.users.edges.map((e) => e.node.id)).toContain(id);
    expect(disabled.data!.users.edges.every((e) => e.node.disabled)).toBe(true);
    const inWard = await t.gql<Users>(USERS, { f: { role: 'WARD_STAFF', wardId } }, admin);
    expect(inWard.data!.users.edges.map((e) => e.node.id)).toContain(id);
    const admins = await t.gql<Users>(USERS, { f: { role: 'ADMIN' } }, admin);
    expect(admins.data!.users.edges.map((e) => e.node.username)).toEqual([ADMIN.username]);
    await t.gql(UPDATE, { i: { id, disabled: false } }, admin);
    expect((await login(username)).errors).toBeUndefined();
  });

  it('every change is in the append-only user audit, never a password', async () => {
    const { id } = await create(['WARD_STAFF'], [wardId]);
    await t.gql(UPDATE, { i: { id, roles: ['WARD_STAFF', 'AUDITOR'] } }, admin);
    await t.gql(RESET, { id }, admin);
    await t.gql(UNLOCK, { id }, admin);
    type Audit = { userAudit: { action: string; actorUsername: string; changes: { field: string; before: string | null; after: string | null }[] }[] };
    const audit = await t.gql<Audit>(AUDIT, { id }, admin);
    expect(audit.data!.userAudit.map((e) => e.action)).toEqual(['UNLOCK', 'RESET_PASSWORD', 'UPDATE', 'CREATE']);
    expect(audit.data!.userAudit.every((e) => e.actorUsername === ADMIN.username)).toBe(true);
    expect(audit.data!.userAudit[2].changes).toEqual([{ field: 'roles', before: 'WARD_STAFF', after: 'AUDITOR,WARD_STAFF' }]);
    const raw = JSON.stringify(await t.db.query(`SELECT * FROM user_audit`));
    expect(raw).not.toContain(PASSWORD);
    await expect(t.db.query(`UPDATE user_audit SET action = 'CREATE'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM user_audit`)).rejects.toThrow(/append-only/);
  });

  it('every admin operation: FORBIDDEN to non-ADMIN callers, UNAUTHENTICATED to anonymous ones', async () => {
    const { id } = await create();
    const operations: [string, Record<string, unknown>][] = [
      [USERS, {}],
      [UPDATE, { i: { id, disabled: true } }],
      [RESET, { id }],
      [UNLOCK, { id }],
      [AUDIT, { id }],
      [CREATE, { i: { username: 'siapa.saja', password: PASSWORD, roles: ['ADMIN'], wardIds: [] } }],
    ];
    const others = await Promise.all(
      ['WARD_STAFF', 'ADMISSIONS', 'VERIFIER', 'FINANCE', 'AUDITOR'].map((r) => create([r], r === 'WARD_STAFF' ? [wardId] : [])),
    );
    const tokens = await Promise.all(others.map((o) => tokenOf(o.username)));
    for (const [query, variables] of operations) {
      expect(errorCode(await t.gql(query, variables))).toBe('UNAUTHENTICATED');
      for (const token of tokens) expect(errorCode(await t.gql(query, variables, token))).toBe('FORBIDDEN');
    }
    const untouched = await t.db.query(`SELECT disabled, must_change_password FROM users WHERE id = $1`, [id]);
    expect(untouched[0]).toEqual({ disabled: false, must_change_password: false });
    expect(errorCode(await t.gql(`mutation { logout }`))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(CHANGE, { i: { currentPassword: PASSWORD, newPassword: 'kuda-lari-di-savana-9' } }))).toBe('UNAUTHENTICATED');
  });

  it('the CSV export refuses a logged-out token', async () => {
    const { username } = await create(['AUDITOR']);
    const token = await tokenOf(username);
    expect((await request(t.http).get('/ledger/claims.csv').set('authorization', `Bearer ${token}`)).status).toBe(200);
    await t.gql(`mutation { logout }`, {}, token);
    const res = await request(t.http).get('/ledger/claims.csv').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/you logged out/);
  });
});
