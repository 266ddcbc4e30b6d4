import request from 'supertest';
import { ADMIN, TestApp, errorCode } from './support/test-app';

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt user { username roles } } }`;
const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { id username roles wardIds } }`;

describe('auth', () => {
  let t: TestApp;
  let admin: string;
  let wardId: string;

  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_SECONDS: '2' });
    admin = await t.adminToken();
    wardId = (await t.db.query(`SELECT id FROM wards ORDER BY code LIMIT 1`))[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the admin from ADMIN_USERNAME/ADMIN_PASSWORD exists and can log in', async () => {
    const res = await t.gql<{ login: { token: string; user: { username: string; roles: string[] } } }>(LOGIN, { u: ADMIN.username, p: ADMIN.password });
    expect(res.data!.login.user).toEqual({ username: 'admin', roles: ['ADMIN'] });
    const me = await t.gql<{ me: { username: string } }>(`{ me { username } }`, {}, res.data!.login.token);
    expect(me.data!.me.username).toBe('admin');
  });

  it('stores scrypt hashes, never passwords', async () => {
    const rows = await t.db.query(`SELECT password_hash FROM users WHERE username = 'admin'`);
    expect(rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(rows[0].password_hash).not.toContain(ADMIN.password);
  });

  it('a wrong password or unknown user gets the same answer', async () => {
    const wrong = await t.gql(LOGIN, { u: ADMIN.username, p: 'nope-nope-nope' });
    const unknown = await t.gql(LOGIN, { u: 'nobody', p: 'nope-nope-nope' });
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(unknown.errors![0].message).toBe(wrong.errors![0].message);
    // Reset the failure count with a good login.
    await t.adminToken();
  });

  it('repeated failed logins lock the user out from that address for a while, even with the right password', async () => {
    const token = await t.userToken(['AUDITOR'], [], admin);
    const me = await t.gql<{ me: { username: string } }>(`{ me { username } }`, {}, token);
    const username = me.data!.me.username;
    for (let i = 0; i < 3; i++) expect(errorCode(await t.gql(LOGIN, { u: username, p: 'wrong-password' }))).toBe('UNAUTHENTICATED');
    const locked = await t.gql(LOGIN, { u: username, p: 'password-123456' });
    expect(errorCode(locked)).toBe('RATE_LIMITED');
    expect(locked.errors![0].message).toMatch(/Too many failed logins/);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await t.gql(LOGIN, { u: username, p: 'password-123456' })).errors).toBeUndefined();
  });

  it('concurrent failed logins are all counted', async () => {
    const token = await t.userToken(['AUDITOR'], [], admin);
    const username = (await t.gql<{ me: { username: string } }>(`{ me { username } }`, {}, token)).data!.me.username;
    await Promise.all(Array.from({ length: 3 }, () => t.gql(LOGIN, { u: username, p: 'wrong-password' })));
    const locked = await t.gql(LOGIN, { u: username, p: 'password-123456' });
    expect(locked.errors![0].message).toMatch(/Too many failed logins/);
  });

  it('only ADMIN creates users; validation names each problem; duplicates are refused', async () => {
    const auditor = await t.userToken(['AUDITOR'], [], admin);
    const input = { username: 'perawat.pd3', password: 'kata-sandi-panjang', roles: ['WARD_STAFF'], wardIds: [wardId] };
    expect(errorCode(await t.gql(CREATE, { i: input }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(CREATE, { i: input }, auditor))).toBe('FORBIDDEN');
    const ok = await t.gql<{ createUser: { username: string; wardIds: string[] } }>(CREATE, { i: input }, admin);
    expect(ok.data!.createUser).toMatchObject({ username: 'perawat.pd3', wardIds: [wardId] });
    expect(errorCode(await t.gql(CREATE, { i: input }, admin))).toBe('DUPLICATE');

    const bad = await t.gql(CREATE, { i: { username: 'X', password: 'short', roles: [], wardIds: [] } }, admin);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].message).toMatch(/username/);
    expect(bad.errors![0].message).toMatch(/password/);
    const noWard = await t.gql(CREATE, { i: { ...input, username: 'perawat.x', wardIds: [] } }, admin);
    expect(noWard.errors![0].message).toMatch(/WARD_STAFF/);
    const unknownWard = await t.gql(CREATE, { i: { ...input, username: 'perawat.y', wardIds: ['00000000-0000-4000-8000-000000000000'] } }, admin);
    expect(errorCode(unknownWard)).toBe('BAD_USER_INPUT');
    const badRole = await t.gql(CREATE, { i: { ...input, username: 'perawat.z', roles: ['KING'] } }, admin);
    expect(errorCode(badRole)).toBe('BAD_USER_INPUT');
    const count = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE username LIKE 'perawat.%'`);
    expect(count[0].n).toBe(1);
  });

  it('a token signed with another secret, or malformed header, is refused', async () => {
    const [h, p] = admin.split('.');
    expect(errorCode(await t.gql(`{ me { username } }`, {}, `${h}.${p}.c2lnbmF0dXJl`))).toBe('UNAUTHENTICATED');
    const res = await request(t.http).post('/graphql').set('authorization', 'Basic YWRtaW46YWRtaW4=').send({ query: '{ me { username } }' });
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('GraphQL over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers POST with application/graphql-response+json when asked', async () => {
    const res = await request(t.http).post('/graphql').set('accept', 'application/graphql-response+json').send({ query: '{ hospitals { code } }' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/graphql-response\+json/);
    expect(res.body.data.hospitals).toEqual([{ code: 'RSUD-SKLERIK' }]);
  });

  it('answers a query over GET', async () => {
    const res = await request(t.http).get('/graphql').query({ query: '{ hospitals { code } }' }).set('accept', 'application/graphql-response+json');
    expect(res.status).toBe(200);
    expect(res.body.data.hospitals[0].code).toBe('RSUD-SKLERIK');
  });

  it('refuses a mutation over GET with 405 and changes nothing', async () => {
    const res = await request(t.http)
      .get('/graphql')
      .query({ query: 'mutation { login(username: "admin", password: "admin-password-1") { token } }' })
      .set('accept', 'application/graphql-response+json');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  it('a document that does not parse is a 400 with application/graphql-response+json', async () => {
    const res = await request(t.http).post('/graphql').set('accept', 'application/graphql-response+json').send({ query: '{ hospitals {' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
