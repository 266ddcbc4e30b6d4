import { jest } from '@jest/globals';
import request from 'supertest';
import { wsClient, Watch, sleep } from './support/live';
import { TestApp, errorCode, type GqlResponse } from './support/test-app';

const JWT_SECRET = 'j'.repeat(40);
const METRICS_TOKEN = 'metrics-token-'.padEnd(48, 'x');
const PUBLIC_BASE_URL = 'https://siranap.rs.test';
const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('/metrics in production', () => {
  let withToken: TestApp;
  let withoutToken: TestApp;
  beforeAll(async () => {
    // Production settings with the demo data asked for explicitly (it is off by default there), so there is a fund and a hospital to see.
    const production = { NODE_ENV: 'production', JWT_SECRET, PUBLIC_BASE_URL, SEED_ON_START: 'true' };
    [withToken, withoutToken] = await Promise.all([TestApp.start({ ...production, METRICS_TOKEN }), TestApp.start(production)]);
  });
  afterAll(async () => {
    await Promise.all([withToken?.close(), withoutToken?.close()]);
  });

  it('refuses a scrape without the token or with a wrong one (401), serves it with the token (200)', async () => {
    const none = await request(withToken.http).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.text).not.toMatch(/siranap_fund_rupiah/);
    for (const header of [
      'x',
      `Bearer ${METRICS_TOKEN}x`,
      `Bearer ${METRICS_TOKEN.slice(1)}`,
      `Basic ${METRICS_TOKEN}`,
      `Bearer ${await withToken.adminToken()}`,
    ]) {
      const res = await request(withToken.http).get('/metrics').set('authorization', header);
      expect([header.slice(0, 12), res.status]).toEqual([header.slice(0, 12), 401]);
    }
    const ok = await request(withToken.http).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/^siranap_fund_rupiah\{/m);
  });

  it('is off (404) without METRICS_TOKEN, whatever is sent', async () => {
    expect((await request(withoutToken.http).get('/metrics')).status).toBe(404);
    expect((await request(withoutToken.http).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`)).status).toBe(404);
  });

  it('never suggests enum values or fields in production, in a literal or in a variable', async () => {
    const admin = await withToken.adminToken();
    const literal = await withToken.gql(`{ beds(filter: { status: AVAILABL }) { totalCount } }`, {}, admin);
    const variable = await withToken.gql(`query($f: BedFilter) { beds(filter: $f) { totalCount } }`, { f: { status: 'AVAILABL' } }, admin);
    const field = await withToken.gql(`{ bedz { totalCount } }`, {}, admin);
    for (const res of [literal, variable, field]) {
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res.body)).not.toMatch(/Did you mean/i);
    }
    expect(variable.errors![0].message).toMatch(/does not exist in "BedStatus" enum/);
  });

  it('sends the strict security headers on the API too, and GraphQL keeps working', async () => {
    const res = await request(withToken.http).post('/graphql').send({ query: '{ hospitals { code } }' });
    expect(res.status).toBe(200);
    expect(res.body.data.hospitals[0].code).toBe('RSUD-SKLERIK');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/upgrade-insecure-requests/);
    expect(csp).not.toMatch(/unsafe-inline|unpkg/);
    // No GraphiQL page in production.
    const page = await request(withToken.http).get('/graphql').set('accept', 'text/html');
    expect(page.text).not.toMatch(/graphiql/i);
  });
});

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every response carries a CSP without inline script, nosniff, no framing and a referrer policy', async () => {
    for (const path of ['/', '/app.js', '/health/live', '/fhir/metadata', '/nope', '/metrics']) {
      const res = await request(t.http).get(path);
      const csp = String(res.headers['content-security-policy']);
      expect([path, /script-src 'self'(;|$)/.test(csp), /frame-ancestors 'none'/.test(csp), /unsafe-inline/.test(csp)]).toEqual([path, true, true, false]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    const refused = await request(t.http).post('/graphql').set('content-type', 'application/json').send('{"query": ');
    expect(refused.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });

  it('the pages hold no inline script, style or event handler', async () => {
    // The public page is rendered by the service; the screens are built into dist/web.
    for (const path of ['/', '/staf/', '/admin/', '/dana/']) {
      const res = await request(t.http).get(path);
      expect(res.status).toBe(200);
      const html = res.text;
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/i);
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=|javascript:/i);
    }
  });
});

describe('rate limits: unverified tokens, FHIR, WebSocket subscribes', () => {
  let t: TestApp;
  beforeAll(async () => {
    // TRUST_PROXY lets each test speak from its own address (X-Forwarded-For).
    t = await TestApp.start({ TRUST_PROXY: '1', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '30', WS_SUBSCRIBE_BURST: '3', WS_SUBSCRIBES_PER_MINUTE: '60' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (from: string, authorization?: string) => {
    const req = request(t.http).post('/graphql').set('x-forwarded-for', from);
    if (authorization) req.set('authorization', authorization);
    return req.send({ query: '{ hospitals { code } }' });
  };

  it('a request whose token does not verify counts as anonymous', async () => {
    const token = await t.adminToken();
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    for (const [i, authorization] of ['x', 'Bearer nonsense', `Bearer ${forged}`].entries()) {
      const from = `198.51.100.${i + 1}`;
      const statuses: number[] = [];
      for (let n = 0; n < 40; n++) statuses.push((await post(from, authorization)).status);
      expect([authorization.slice(0, 10), statuses.filter((s) => s === 429).length]).toEqual([authorization.slice(0, 10), 10]);
      // A valid token from the same address is still served.
      const staff = await post(from, `Bearer ${token}`);
      expect(staff.status).toBe(200);
    }
    const refused = await post('198.51.100.1');
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('/fhir has a per-address limit (RATE_LIMIT_FHIR_PER_MINUTE, 300): 700 requests in a burst, the rest refused with 429', async () => {
    const from = '203.0.113.7';
    const agent = request.agent(t.http);
    const statuses: number[] = [];
    for (let batch = 0; batch < 7; batch++) {
      const paths = Array.from({ length: 100 }, (_, i) => (i % 2 ? '/fhir/MeasureReport' : '/fhir/metadata'));
      statuses.push(...(await Promise.all(paths.map((p) => agent.get(p).set('x-forwarded-for', from)))).map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(300);
    expect(statuses.filter((s) => s === 429)).toHaveLength(400);
    const refused = await request(t.http).get('/fhir/MeasureReport').set('x-forwarded-for', from);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['content-type']).toMatch(/application\/fhir\+json/);
    expect(refused.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'throttled' }] });
    expect((await request(t.http).get('/fhir/metadata').set('x-forwarded-for', '203.0.113.8')).status).toBe(200);
  }, 60_000);

  it('subscribe messages per connection: a burst over the bucket gets RATE_LIMITED for that subscription, the connection stays', async () => {
    const client = wsClient(t.baseUrl);
    const SUB = `subscription { availabilityChanged(hospitalCode: "RSUD-SKLERIK") { wardId seq } }`;
    try {
      const first = new Watch<{ availabilityChanged: { seq: number } }>(client, SUB);
      await first.until((w) => w.data.length > 0, 'the first subscription');
      const burst = Array.from({ length: 4 }, () => new Watch(client, SUB));
      await Promise.all(burst.map((w) => w.until((x) => x.data.length > 0 || x.error !== null, 'an answer')));
      const codes = burst.map((w) => (w.error ? w.errorCode : 'ok'));
      expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(2);
      expect(codes.filter((c) => c === 'ok')).toHaveLength(2);
      for (const w of burst) w.close();
      // The bucket refills (60 a minute: one a second) on the same connection.
      await sleep(1100);
      const later = new Watch(client, SUB);
      await later.until((w) => w.data.length > 0, 'a subscription after the refill');
      expect(first.error).toBeNull();
      later.close();
      first.close();
    } finally {
      await client.dispose();
    }
  });
});

describe('FHIR links come from PUBLIC_BASE_URL, not the Host header', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ PUBLIC_BASE_URL: `${PUBLIC_BASE_URL}/` });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a request with Host: evil.example gets links on the configured address only', async () => {
    const ward = (await t.db.query(`SELECT id FROM wards LIMIT 1`))[0].id as string;
    for (const path of [
      '/fhir/metadata',
      '/fhir/Location?physical-type=wa',
      `/fhir/Location?partof=Location/${ward}`,
      '/fhir/MeasureReport',
      `/fhir/Location/${ward}`,
    ]) {
      const res = await request(t.http).get(path).set('host', 'evil.example').set('x-forwarded-host', 'evil.example');
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.text).not.toContain('evil.example');
      const body = res.body as { entry?: { fullUrl?: string }[]; link?: { url: string }[]; implementation?: { url: string } };
      for (const url of [...(body.entry ?? []).map((e) => e.fullUrl), ...(body.link ?? []).map((l) => l.url), body.implementation?.url].filter(Boolean)) {
        expect(url!.startsWith(`${PUBLIC_BASE_URL}/fhir/`) || url === `${PUBLIC_BASE_URL}/fhir`).toBe(true);
      }
    }
    const bundle = await request(t.http).get('/fhir/Location?physical-type=wa').set('host', 'evil.example');
    expect(bundle.body.entry[0].fullUrl).toBe(`${PUBLIC_BASE_URL}/fhir/Location/${bundle.body.entry[0].resource.id}`);
  });
});

describe('malformed input is refused as BAD_USER_INPUT with one info log line, changing nothing', () => {
  let t: TestApp;
  let admin: string;
  let auditor: string;
  let fundId: string;
  let bedId: string;
  // The app logs at info here: its JSON lines are kept (to count each request's), not printed.
  const logLines: string[] = [];
  let stdout: jest.SpiedFunction<typeof process.stdout.write>;
  beforeAll(async () => {
    const write = process.stdout.write.bind(process.stdout);
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = String(chunk);
      if (!text.startsWith('{"time"')) return write(chunk, ...(rest as [BufferEncoding]));
      logLines.push(text.trim());
      return true;
    });
    t = await TestApp.start({ LOG_LEVEL: 'info' });
    admin = await t.adminToken();
    auditor = await t.userToken(['AUDITOR'], [], admin);
    fundId = (await t.db.query(`SELECT id FROM funds LIMIT 1`))[0].id;
    bedId = (await t.db.query(`SELECT id FROM beds LIMIT 1`))[0].id;
  });
  afterAll(async () => {
    await t?.close();
    stdout?.mockRestore();
  });

  /** A digest of every table a refusal could touch. */
  const snapshot = async () =>
    (
      await t.db.query(`SELECT
        (SELECT md5(coalesce(string_agg(b::text, '|' ORDER BY b.id), '')) FROM beds b) AS beds,
        (SELECT count(*) FROM bed_events) AS events,
        (SELECT md5(coalesce(string_agg(c::text, '|' ORDER BY c.id), '')) FROM claims c) AS claims,
        (SELECT count(*) FROM journal_entries) AS journal,
        (SELECT md5(coalesce(string_agg(f::text, '|' ORDER BY f.id), '')) FROM funds f) AS funds,
        (SELECT count(*) FROM outbox) AS outbox`)
    )[0];

  /** Sends one operation with its own request id; returns the answer and that request's log lines. */
  const send = async (body: Record<string, unknown>, token: string | undefined, id: string) => {
    const req = request(t.http).post('/graphql').set('content-type', 'application/json').set('x-request-id', id);
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send(body);
    await sleep(20);
    const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === id);
    return { res: { status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body } as GqlResponse, lines };
  };

  const BEDS = `query($a: String) { beds(first: 2, after: $a) { totalCount } }`;
  const HISTORY = `query($b: ID!, $a: String) { bedHistory(bedId: $b, first: 2, after: $a) { totalCount } }`;
  const DRAWDOWNS = `query($a: String, $f: DrawdownFilter) { drawdowns(first: 2, after: $a, filter: $f) { totalCount } }`;
  const BALANCE = `query($f: ID!, $t: DateTime) { fundBalance(fundId: $f, asOf: $t) { available } }`;
  const uuid = '9b2f3c1e-1111-4222-8333-444455556666';
  const cases: [string, () => Record<string, unknown>, 'admin' | 'auditor', RegExp][] = [
    ['beds: raw SQL as cursor', () => ({ query: BEDS, variables: { a: '1 OR 1=1' } }), 'admin', /cursor/],
    ['beds: tampered cursor, id not a UUID', () => ({ query: BEDS, variables: { a: cursor(['RSUD-SKLERIK', 'W', 'B', 'not-a-uuid']) } }), 'admin', /cursor/],
    ['beds: tampered cursor, 1e308', () => ({ query: BEDS, variables: { a: cursor([1e308, 1e308, 1e308, 1e308]) } }), 'admin', /cursor/],
    ['beds: NUL in a cursor', () => ({ query: BEDS, variables: { a: cursor(['a\u0000', 'b', 'c', uuid]) } }), 'admin', /cursor/],
    ['bedHistory: raw SQL as cursor', () => ({ query: HISTORY, variables: { b: bedId, a: '1 OR 1=1' } }), 'admin', /cursor/],
    ['bedHistory: SQL inside a cursor', () => ({ query: HISTORY, variables: { b: bedId, a: cursor(['1 OR 1=1']) } }), 'admin', /cursor/],
    ['bedHistory: 1e308', () => ({ query: HISTORY, variables: { b: bedId, a: cursor([1e308]) } }), 'admin', /cursor/],
    ['bedHistory: "1e308"', () => ({ query: HISTORY, variables: { b: bedId, a: cursor(['1e308']) } }), 'admin', /cursor/],
    ['bedHistory: beyond bigint', () => ({ query: HISTORY, variables: { b: bedId, a: cursor(['9223372036854775808']) } }), 'admin', /cursor/],
    ['bedHistory: a UUID', () => ({ query: HISTORY, variables: { b: bedId, a: cursor([uuid]) } }), 'admin', /cursor/],
    ['drawdowns: raw SQL as cursor', () => ({ query: DRAWDOWNS, variables: { a: '1 OR 1=1' } }), 'auditor', /cursor/],
    ['drawdowns: not a time', () => ({ query: DRAWDOWNS, variables: { a: cursor(['1 OR 1=1', uuid]) } }), 'auditor', /cursor/],
    ['drawdowns: not a UUID', () => ({ query: DRAWDOWNS, variables: { a: cursor(['2025-01-01T00:00:00.000Z', 'x']) } }), 'auditor', /cursor/],
    ['drawdowns: 1e308', () => ({ query: DRAWDOWNS, variables: { a: cursor([1e308, 1e308]) } }), 'auditor', /cursor/],
    [
      'drawdowns: from before any year PostgreSQL holds',
      () => ({ query: DRAWDOWNS, variables: { f: { from: '-271821-04-20T00:00:00Z' } } }),
      'auditor',
      /0001-01-01T00:00:00\.000Z and 9999-12-31T23:59:59\.999Z/,
    ],
    [
      'drawdowns: from in a literal',
      () => ({ query: `{ drawdowns(filter: { from: "-271821-04-20T00:00:00Z" }) { totalCount } }` }),
      'auditor',
      /0001-01-01T00:00:00\.000Z and 9999-12-31T23:59:59\.999Z/,
    ],
    [
      'fundBalance: asOf at the end of JavaScript time',
      () => ({ query: BALANCE, variables: { f: fundId, t: '275760-09-13T00:00:00Z' } }),
      'auditor',
      /0001-01-01T00:00:00\.000Z and 9999-12-31T23:59:59\.999Z/,
    ],
    ['fundBalance: asOf not a time', () => ({ query: BALANCE, variables: { f: fundId, t: 'yesterday' } }), 'auditor', /ISO 8601 date-time/],
    ['unknown persisted query', () => ({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }), 'auditor', /^PersistedQueryNotFound$/],
  ];

  it.each(cases.map(([name, body, who, message], i) => ({ name, body, who, message, i })))('$name', async ({ body, who, message, i }) => {
    const before = await snapshot();
    const { res, lines } = await send(body(), who === 'admin' ? admin : auditor, `refusal-${i}`);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(message);
    expect(lines.map((l) => [l.level, l.msg, l.outcome])).toEqual([['info', 'graphql', 'BAD_USER_INPUT']]);
    expect(await snapshot()).toEqual(before);
  });

  it("the persisted-query refusal keeps Apollo's code as reason", async () => {
    const { res } = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: 'cd'.repeat(32) } } }, undefined, 'pq');
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_NOT_FOUND' });
  });
});

describe('bedHistory pages through every event in order across digit counts of the id', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('first: 1 walks all events, newest first, the ids crossing a power of ten', async () => {
    const admin = await t.adminToken();
    const bed = (await t.db.query(`SELECT id, version FROM beds WHERE status = 'AVAILABLE' LIMIT 1`))[0] as { id: string; version: number };
    const [{ max }] = await t.db.query(`SELECT max(id)::int AS max FROM bed_events`);
    // The next ids are 10^k - 2, 10^k - 1, 10^k, ...: they gain a digit in the middle of the test.
    const power = 10 ** String(Number(max) + 3).length;
    await t.db.query(`SELECT setval(pg_get_serial_sequence('bed_events', 'id'), $1)`, [power - 3]);
    let version = bed.version;
    for (const status of ['RESERVED', 'AVAILABLE', 'CLOSED', 'AVAILABLE', 'CLEANING', 'AVAILABLE']) {
      const res = await t.gql<{ changeBedStatus: { version: number } }>(
        `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`,
        { i: { bedId: bed.id, expectedVersion: version, status } },
        admin,
      );
      expect(res.errors).toBeUndefined();
      version = res.data!.changeBedStatus.version;
    }
    const expected = ((await t.db.query(`SELECT e.id::text AS id FROM bed_events e WHERE e.bed_id = $1 ORDER BY e.id DESC`, [bed.id])) as { id: string }[]).map(
      (r) => r.id,
    );
    expect(expected.some((id) => id.length === String(power).length)).toBe(true);
    expect(expected.some((id) => id.length === String(power).length - 1)).toBe(true);

    type Page = {
      bedHistory: {
        totalCount: number;
        edges: { cursor: string; node: { id: string; toStatus: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const Q = `query($b: ID!, $a: String) { bedHistory(bedId: $b, first: 1, after: $a) { totalCount edges { cursor node { id toStatus } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res: GqlResponse<Page> = await t.gql<Page>(Q, { b: bed.id, a: after }, admin);
      expect(res.errors).toBeUndefined();
      const page: Page['bedHistory'] = res.data!.bedHistory;
      expect(page.totalCount).toBe(expected.length);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(expected.length).toBe(7);

    // A larger page gives the same order in one go.
    const all = await t.gql<Page>(
      `query($b: ID!) { bedHistory(bedId: $b, first: 50) { totalCount edges { node { id toStatus } } pageInfo { hasNextPage endCursor } } }`,
      { b: bed.id },
      admin,
    );
    expect(all.data!.bedHistory.edges.map((e) => e.node.id)).toEqual(expected);
    expect(all.data!.bedHistory.edges[0].node.toStatus).toBe('AVAILABLE');
  });
});
