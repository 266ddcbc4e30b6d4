import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { createTestDatabase } from './support/test-app';
import { Instance, Watch } from './support/live';

// Two api replicas on one database, with pub/sub on PostgreSQL NOTIFY and (when REDIS_URL is
// set) on Redis: a session that ends, or a user whose wards change, is refused on both at
// once, and their WebSockets close within 2 seconds.
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) process.stdout.write('[sessions-replicas] Redis variant skipped: REDIS_URL is not set (CI sets it)\n');
const buses: [string, Record<string, string>][] = [
  ['PostgreSQL NOTIFY', {}],
  ...(REDIS_URL ? [['Redis', { REDIS_URL }] as [string, Record<string, string>]] : []),
];

const BED_SUB = `subscription($w: ID!) { bedChanged(wardId: $w) { bedId status } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;
const PASSWORD = 'sasando-bunga-ranap-71';

interface Closed {
  code: number;
  reason: string;
  at: number;
}

/** A logged-in graphql-ws client that does not reconnect, recording how it was closed. */
class StaffSocket {
  readonly closes: Closed[] = [];
  readonly client: Client;
  readonly watch: Watch<{ bedChanged: { bedId: string } }>;

  constructor(baseUrl: string, token: string, wardId: string) {
    this.client = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      on: {
        closed: (e) => {
          const event = e as { code: number; reason: string };
          this.closes.push({ code: event.code, reason: String(event.reason), at: Date.now() });
        },
      },
    });
    this.watch = new Watch(this.client, BED_SUB, { w: wardId });
  }

  async subscribed(): Promise<void> {
    await this.watch.until((w) => w.data.length > 0, 'the current beds of the ward');
  }

  async closedWithin(ms: number, since: number): Promise<Closed> {
    const deadline = since + ms;
    while (this.closes.length === 0 && Date.now() < deadline + 50) await new Promise((r) => setTimeout(r, 20));
    const closed = this.closes[0];
    if (!closed) throw new Error(`the socket was still open ${ms} ms later`);
    return closed;
  }
}

describe.each(buses)('sessions across two replicas (%s)', (_name, busEnv) => {
  let drop: () => Promise<void>;
  let a: Instance;
  let b: Instance;
  let short: Instance;
  let admin: string;
  let wards: string[];
  let prefix: string;
  const sockets: StaffSocket[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const secret = randomBytes(32).toString('hex');
    prefix = `siranap-test-${randomBytes(4).toString('hex')}`;
    const shared = { ...busEnv, PUBSUB_PREFIX: `${prefix}:`, QUEUE_PREFIX: prefix };
    a = await Instance.start(database.url, secret, { ...shared, ROLE: 'api' });
    b = await Instance.start(database.url, secret, { ...shared, ROLE: 'api', SEED_ON_START: 'false' });
    // Tokens from this one last two seconds.
    short = await Instance.start(database.url, secret, { ...shared, ROLE: 'api', SEED_ON_START: 'false', TOKEN_TTL_SECONDS: '2' });
    admin = await a.adminToken();
    wards = (await a.db.query(`SELECT id FROM wards ORDER BY code LIMIT 2`)).map((r: { id: string }) => r.id);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.client.dispose()));
    await short?.close();
    await b?.close();
    await a?.close();
    await drop?.();
    if (REDIS_URL && busEnv.REDIS_URL) {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  const nurse = async (wardId: string): Promise<{ id: string; username: string }> => {
    const username = `perawat.${randomBytes(4).toString('hex')}`;
    const res = await a.gql<{ createUser: { id: string } }>(
      `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
      { i: { username, password: PASSWORD, roles: ['WARD_STAFF'], wardIds: [wardId] } },
      admin,
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return { id: res.data.createUser.id, username };
  };
  const login = async (via: Instance, username: string): Promise<string> => {
    const res = await via.gql<{ login: { token: string } }>(LOGIN, { u: username, p: PASSWORD });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.login.token;
  };
  const socket = (via: Instance, token: string, wardId: string) => {
    const s = new StaffSocket(via.baseUrl, token, wardId);
    sockets.push(s);
    return s;
  };
  const me = (via: Instance, token: string) => via.gql<{ me: { username: string } }>(`{ me { username } }`, {}, token);
  const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

  it("after updateUser changes a nurse's wards, her token is refused on both replicas and her sockets close within 2 s", async () => {
    const { id, username } = await nurse(wards[0]);
    const token = await login(a, username);
    expect((await me(b, token)).data?.me.username).toBe(username);
    const onA = socket(a, token, wards[0]);
    const onB = socket(b, token, wards[0]);
    await Promise.all([onA.subscribed(), onB.subscribed()]);

    const res = await a.gql(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { wardIds } }`, { i: { id, wardIds: [wards[1]] } }, admin);
    expect(res.errors).toBeUndefined();
    const changedAt = Date.now();
    for (const via of [a, b]) {
      const refused = await me(via, token);
      expect(code(refused)).toBe('UNAUTHENTICATED');
      expect(refused.errors![0].message).toMatch(/session has ended.*roles or wards/);
    }
    for (const s of [onA, onB]) {
      const closed = await s.closedWithin(2000, changedAt);
      expect(closed.code).toBe(4401);
      expect(closed.at - changedAt).toBeLessThan(2000);
    }
    // A new login has the new ward, and only that.
    const fresh = await login(b, username);
    const other = socket(a, fresh, wards[0]);
    await other.watch.until((w) => w.errorCode !== undefined, 'the refusal');
    expect(other.watch.errorCode).toBe('FORBIDDEN');
    const own = socket(a, fresh, wards[1]);
    await own.subscribed();
  });

  it('logout on one replica ends the session on the other within its one-second cache and closes its socket within 2 s', async () => {
    const { username } = await nurse(wards[0]);
    const token = await login(b, username);
    const kept = await login(b, username);
    const onB = socket(b, token, wards[0]);
    const keptSocket = socket(b, kept, wards[0]);
    await Promise.all([onB.subscribed(), keptSocket.subscribed()]);
    const out = await a.gql<{ logout: boolean }>(`mutation { logout }`, {}, token);
    expect(out.data?.logout).toBe(true);
    const loggedOutAt = Date.now();
    // B drops the session when the revocation reaches it over pub/sub; its one-second cache of
    // the session bounds the wait if the message comes after this request (a loaded machine).
    let refused = await me(b, token);
    while (!code(refused) && Date.now() - loggedOutAt < 1500) refused = await me(b, token);
    expect(code(refused)).toBe('UNAUTHENTICATED');
    expect(refused.errors![0].message).toMatch(/you logged out/);
    expect(code(await me(a, token))).toBe('UNAUTHENTICATED');
    expect((await onB.closedWithin(2000, loggedOutAt)).code).toBe(4401);
    // Her other session goes on.
    expect((await me(a, kept)).data?.me.username).toBe(username);
    await new Promise((r) => setTimeout(r, 300));
    expect(keptSocket.closes).toEqual([]);
    // Logging out twice: the token is refused.
    expect(code(await a.gql(`mutation { logout }`, {}, token))).toBe('UNAUTHENTICATED');
  });

  it('a socket is closed when its token expires, and the expired token cannot subscribe again', async () => {
    const { username } = await nurse(wards[0]);
    const token = await login(short, username);
    const issuedAt = Date.now();
    const onA = socket(a, token, wards[0]);
    await onA.subscribed();
    const closed = await onA.closedWithin(4000, issuedAt);
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/expired/);
    expect(closed.at - issuedAt).toBeGreaterThanOrEqual(1000);
    const again = socket(a, token, wards[0]);
    await again.watch.until((w) => w.errorCode !== undefined, 'the refusal');
    expect(again.watch.errorCode).toBe('UNAUTHENTICATED');
    expect(code(await me(b, token))).toBe('UNAUTHENTICATED');
  });

  it('disabling a user closes her sockets and refuses her token and her password', async () => {
    const { id, username } = await nurse(wards[0]);
    const token = await login(a, username);
    const onB = socket(b, token, wards[0]);
    await onB.subscribed();
    const res = await b.gql(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { disabled } }`, { i: { id, disabled: true } }, admin);
    expect(res.errors).toBeUndefined();
    const at = Date.now();
    expect(code(await me(a, token))).toBe('UNAUTHENTICATED');
    expect((await onB.closedWithin(2000, at)).code).toBe(4401);
    const login2 = await a.gql(LOGIN, { u: username, p: PASSWORD });
    expect(code(login2)).toBe('UNAUTHENTICATED');
    expect(login2.errors![0].message).toBe('Wrong username or password.');
  });
});
