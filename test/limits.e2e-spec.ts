import request from 'supertest';
import { appBehindCuttableDatabase, TcpProxy } from './support/tcp-proxy';
import { TestApp, errorCode } from './support/test-app';

describe('bad traffic is refused while normal requests keep being served', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const normal = async () => {
    const res = await t.gql<{ hospitals: { code: string }[] }>(`{ hospitals { code } }`);
    expect(res.data?.hospitals[0].code).toBe('RSUD-SKLERIK');
  };

  it('a 1 MB query: 413 with a GraphQL error', async () => {
    const res = await request(t.http)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: `{ hospitals { ${'code '.repeat(200_000)} } }` });
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors[0].message).toMatch(/too large/);
    await normal();
  });

  it('a document with too many tokens is refused before it is parsed whole', async () => {
    const res = await t.gql(`{ hospitals { ${'code '.repeat(6000)} } }`);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/token/i);
  });

  it('a query nested 50 deep', async () => {
    let q = 'code';
    for (let i = 0; i < 25; i++) q = `wards { hospital { ${q} } }`;
    const res = await t.gql(`{ hospitals { ${q} } }`);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/nested \d+ levels deep; at most 12/);
    await normal();
  });

  it('fragments that spread each other twice, 23 levels deep: refused at once while health answers', async () => {
    let doc = 'query Q { ...F0 }\n';
    for (let i = 0; i < 22; i++) doc += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
    doc += 'fragment F22 on Query { __typename }\n';
    const started = Date.now();
    const [res, health] = await Promise.all([
      t.gql(doc),
      (async () => {
        await new Promise((r) => setTimeout(r, 5));
        const sent = Date.now();
        const h = await request(t.http).get('/health/live');
        return { status: h.status, ms: Date.now() - sent };
      })(),
    ]);
    const refusedMs = Date.now() - started;
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/would cost 4194304/);
    expect(health.status).toBe(200);
    // Generous bounds: the rule takes well under a millisecond; these only catch exponential work.
    expect(refusedMs).toBeLessThan(1000);
    expect(health.ms).toBeLessThan(1000);
    await normal();
  });

  it('1,000 aliases', async () => {
    const fields = Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ');
    const res = await t.gql(`{ ${fields} }`);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/1000 aliases; at most 30/);
    await normal();
  });

  it('a batch of operations in one request', async () => {
    const res = await request(t.http)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send([{ query: '{ hospitals { code } }' }, { query: '{ hospitals { code } }' }]);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('10,000 login attempts from one address: refused RATE_LIMITED, other traffic and other logins unaffected', async () => {
    // fetch keeps connections alive, so the 10,000 requests measure the service, not TCP set-up.
    const attempt = async (retries = 3): Promise<string | undefined> => {
      // A kept-alive socket the server has just closed fails the request unsent: send it again.
      const res = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { login(username: "admin", password: "guess-guess") { token } }' }),
      }).catch((err: unknown) => {
        if (retries > 0) return null;
        throw err;
      });
      if (!res) return attempt(retries - 1);
      const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      return body.errors?.[0]?.extensions?.code;
    };
    const codes: Record<string, number> = {};
    const started = Date.now();
    for (let batch = 0; batch < 100; batch++) {
      for (const c of await Promise.all(Array.from({ length: 100 }, () => attempt()))) codes[c ?? 'OK'] = (codes[c ?? 'OK'] ?? 0) + 1;
      if (batch % 25 === 0) await normal();
    }
    // 20 logins a minute pass the limiter (and are refused for the wrong password); on a busy
    // machine the 10,000 take more than a minute, and each minute window started admits 20 more.
    const windows = Math.ceil((Date.now() - started) / 60_000) + 1;
    expect(10_000 - codes.RATE_LIMITED).toBeLessThanOrEqual(20 * windows);
    expect(codes.OK).toBeUndefined();
    const limited = await t.gql(`mutation { login(username: "admin", password: "admin-password-1") { token } }`);
    expect(limited.errors![0].message).toMatch(/try again in \d+ s/);
    await normal();
  }, 180_000);
});

describe('anonymous rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '30' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('limits requests without a token per address with 429 and Retry-After; staff are not limited', async () => {
    const admin = await t.adminToken();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await request(t.http).post('/graphql').send({ query: '{ hospitals { code } }' })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(9);
    const refused = await request(t.http).post('/graphql').send({ query: '{ hospitals { code } }' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    const staff = await t.gql(`{ beds(first: 1) { totalCount } }`, {}, admin);
    expect(staff.errors).toBeUndefined();
  });
});

describe('health and metrics', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ t, proxy, close } = await appBehindCuttableDatabase());
  });
  afterAll(async () => {
    await close?.();
  });

  it('readiness goes 503 when PostgreSQL is unreachable and back to 200 when it returns; liveness stays 200', async () => {
    const up = await request(t.http).get('/health/ready');
    expect(up.status).toBe(200);
    expect(up.body.checks).toEqual({ database: 'up', queue: 'up' });
    await proxy.cut();
    const down = await request(t.http).get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.body.checks.database).toMatch(/^down/);
    expect((await request(t.http).get('/health/live')).status).toBe(200);
    await proxy.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await request(t.http).get('/health/ready')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });

  it('/metrics is Prometheus text and its counters move with traffic', async () => {
    const scrape = async () => {
      const res = await request(t.http).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/plain; version=0\.0\.4/);
      return res.text;
    };
    const value = (text: string, series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(series + ' '));
      return line ? Number(line.slice(series.length + 1)) : 0;
    };
    const before = await scrape();
    // Every non-comment line is "name{labels} value".
    for (const line of before.split('\n').filter((l) => l && !l.startsWith('#')))
      expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? -?[0-9.e+-]+|NaN|[+-]Inf$/);
    const admin = await t.adminToken();
    const bed = (await t.db.query(`SELECT id, version FROM beds WHERE status = 'AVAILABLE' LIMIT 1`))[0];
    await t.gql(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, status: 'RESERVED' } },
      admin,
    );
    const after = await scrape();
    expect(value(after, 'siranap_bed_changes_total{to="RESERVED"}')).toBe(value(before, 'siranap_bed_changes_total{to="RESERVED"}') + 1);
    expect(value(after, 'siranap_graphql_operations_total{type="mutation",outcome="ok"}')).toBeGreaterThanOrEqual(2);
    // Shared state read at scrape time: the seeded fund, the beds, the outbox.
    expect(
      value(after, 'siranap_fund_rupiah{fiscal_year="2025",account="available"}') +
        value(after, 'siranap_fund_rupiah{fiscal_year="2025",account="held"}') +
        value(after, 'siranap_fund_rupiah{fiscal_year="2025",account="paid"}'),
    ).toBe(3_000_000_000);
    expect(value(after, 'siranap_beds{status="reserved"}')).toBe(value(before, 'siranap_beds{status="reserved"}') + 1);
    expect(after).toMatch(/^siranap_outbox_backlog \d+$/m);
    expect(after).toMatch(/^siranap_queue_jobs\{queue="ledger-postings",state="failed"\} \d+$/m);
    expect(value(after, 'siranap_http_requests_total{method="POST",route="/graphql",status="200"}')).toBeGreaterThan(
      value(before, 'siranap_http_requests_total{method="POST",route="/graphql",status="200"}'),
    );
  });

  it('every response carries a request id, taken from the caller when it is a plain token', async () => {
    const given = await request(t.http).get('/health/live').set('x-request-id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await request(t.http).get('/health/live').set('x-request-id', 'bad id\twith spaces');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

(process.env.REDIS_URL ? describe : describe.skip)('readiness while Redis is unreachable (needs REDIS_URL)', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  beforeAll(async () => {
    const redis = new URL(process.env.REDIS_URL!);
    proxy = new TcpProxy(redis.hostname, Number(redis.port || 6379));
    await proxy.start();
    const prefix = `siranap-test-${Date.now()}`;
    t = await TestApp.start({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, QUEUE_PREFIX: prefix, PUBSUB_PREFIX: `${prefix}:` });
  });
  afterAll(async () => {
    await proxy.restore();
    await t?.close();
    await proxy.cut();
  });

  it('stays ready (200) but degraded: writes go on, claims wait for the queue', async () => {
    expect((await request(t.http).get('/health/ready')).body.checks.queue).toBe('up');
    await proxy.cut();
    const res = await request(t.http).get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.checks.queue).toMatch(/^down \(redis\)/);
    await proxy.restore();
    // Back to ready once the queue answers again.
    let queue = '';
    for (let i = 0; i < 100 && queue !== 'up'; i++) {
      queue = (await request(t.http).get('/health/ready')).body.checks.queue;
      if (queue !== 'up') await new Promise((r) => setTimeout(r, 200));
    }
    expect(queue).toBe('up');
  });
});

(process.env.REDIS_URL ? describe : describe.skip)('shutdown while Redis is unreachable (needs REDIS_URL)', () => {
  it('still closes: the queue workers are closed without waiting on a Redis that does not answer', async () => {
    const redis = new URL(process.env.REDIS_URL!);
    const proxy = new TcpProxy(redis.hostname, Number(redis.port || 6379));
    await proxy.start();
    const prefix = `siranap-test-${Date.now()}`;
    const t = await TestApp.start({
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      QUEUE_PREFIX: prefix,
      PUBSUB_PREFIX: `${prefix}:`,
      SHUTDOWN_TIMEOUT_MS: '2000',
    });
    expect((await request(t.http).get('/health/ready')).body.checks.queue).toBe('up');
    await proxy.cut();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      t.close().then(() => 'closed'),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('still closing after 20 s'), 20_000);
      }),
    ]);
    clearTimeout(timer);
    expect(outcome).toBe('closed');
  }, 40_000);
});
