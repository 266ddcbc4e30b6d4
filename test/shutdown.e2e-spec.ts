import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { Client } from 'pg';
import WebSocket from 'ws';
import { freePort } from './support/live';
import { ServiceProcess } from './support/service-process';
import { createTestDatabase } from './support/test-app';

const MAIN = resolve('dist/src/main.js');

async function gql(
  port: number,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] };
}

// The built service as its own process, as in production: SIGTERM while mutations are in
// flight must lose none that was answered as done, and the process must exit cleanly.
(existsSync(MAIN) ? describe : describe.skip)('graceful shutdown (built service, run `npm run build` first)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await db?.drop();
  });

  it('SIGTERM during load: every answered mutation is in the database, the rest were refused whole, exit code 0', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        PORT: String(port),
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD: 'admin-password-1',
        GRAPHQL_SCHEMA_FILE: '',
        LOG_LEVEL: 'info',
        SHUTDOWN_TIMEOUT_MS: '20000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((ok) => child!.on('exit', (code) => ok(code)));

    let token = '';
    for (let i = 0; i < 200 && !token; i++) {
      try {
        const res = await gql(port, 'mutation { login(username: "admin", password: "admin-password-1") { token } }');
        token = (res.data?.login as { token: string } | undefined)?.token ?? '';
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(token).not.toBe('');

    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const beds: { id: string; version: number }[] = (await pg.query(`SELECT id, version FROM beds WHERE status IN ('AVAILABLE', 'CLEANING') ORDER BY code`))
      .rows;
    const eventsBefore = Number((await pg.query(`SELECT count(*) FROM bed_events`)).rows[0].count);

    // A live watcher: it must be told to go away (1001), not left hanging or cut (1006).
    const watcher = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
    const closeCode = new Promise<number>((ok) => watcher.on('close', (c) => ok(c)));
    await new Promise<void>((ok) => {
      watcher.on('open', () => watcher.send(JSON.stringify({ type: 'connection_init' })));
      watcher.on('message', (m) => {
        const msg = JSON.parse(m.toString()) as { type: string };
        if (msg.type === 'connection_ack') {
          watcher.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { availabilityChanged { seq } }' } }));
        }
        if (msg.type === 'next') ok();
      });
    });

    // Each bed gets one change; half are in flight when SIGTERM arrives.
    const outcomes: ('ok' | 'refused' | 'connection')[] = [];
    const send = async (b: { id: string; version: number }) => {
      try {
        const res = await gql(
          port,
          'mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }',
          { i: { bedId: b.id, expectedVersion: b.version, status: 'CLOSED' } },
          token,
        );
        outcomes.push(res.errors ? 'refused' : 'ok');
      } catch {
        outcomes.push('connection');
      }
    };
    const inFlight = beds.map((b, i) => new Promise<void>((ok) => setTimeout(() => void send(b).then(ok), i * 2)));
    setTimeout(() => child!.kill('SIGTERM'), beds.length);
    await Promise.all(inFlight);
    const code = await exited;

    const eventsAfter = Number((await pg.query(`SELECT count(*) FROM bed_events`)).rows[0].count);
    await pg.end();
    const ok = outcomes.filter((o) => o === 'ok').length;
    expect(code).toBe(0);
    expect(await closeCode).toBe(1001);
    expect(ok).toBeGreaterThan(0);
    // Answered as done means committed; nothing beyond the answered ones was written.
    expect(eventsAfter - eventsBefore).toBe(ok);
    expect(outcomes.filter((o) => o === 'refused')).toEqual([]);
    expect(output).toMatch(/"msg":"stopped"/);
    // Logs are JSON lines, and never carry passwords, tokens or patient record numbers.
    const lines = output.trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.some((l) => /"requestId":"[0-9a-f-]{36}"/.test(l))).toBe(true);
    expect(output).not.toContain('admin-password-1');
    expect(output).not.toContain(token);
    expect(output).not.toMatch(/SEED-\d{5}/);
  }, 60_000);
});

// Ten clients that keep their connections open and send as fast as they are answered: after
// SIGTERM each gets at most the answer it is waiting for (with Connection: close), then the
// service refuses them and exits 0, long before SHUTDOWN_TIMEOUT_MS.
(existsSync(MAIN) ? describe : describe.skip)('graceful shutdown with keep-alive clients (built service)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await db?.drop();
  });

  it('drains: every request answered or refused unapplied, exit 0 in a few seconds', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        PORT: String(port),
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD: 'admin-password-1',
        GRAPHQL_SCHEMA_FILE: '',
        LOG_LEVEL: 'warn',
        SHUTDOWN_TIMEOUT_MS: '15000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((ok) => child!.on('exit', (code) => ok(code)));
    let token = '';
    for (let i = 0; i < 300 && !token; i++) {
      try {
        token =
          ((await gql(port, 'mutation { login(username: "admin", password: "admin-password-1") { token } }')).data?.login as { token: string } | undefined)
            ?.token ?? '';
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(token).not.toBe('');
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const beds: { id: string; version: number }[] = (await pg.query(`SELECT id, version FROM beds WHERE status = 'AVAILABLE' ORDER BY code LIMIT 10`)).rows;
    expect(beds).toHaveLength(10);
    const lastEvent = Number((await pg.query(`SELECT coalesce(max(id), 0) AS id FROM bed_events`)).rows[0].id);

    let sigtermAt = 0;
    let answeredAfter = 0;
    const post = (agent: Agent, body: string) =>
      new Promise<{ status: number; json: { errors?: unknown[] }; connection: string | undefined }>((ok, fail) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/graphql',
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => ok({ status: res.statusCode ?? 0, json: JSON.parse(text) as { errors?: unknown[] }, connection: res.headers.connection }));
            res.on('error', fail);
          },
        );
        req.on('error', fail);
        req.end(body);
      });
    // Each client toggles its own bed; a change is applied exactly when its answer says so.
    const client = async (bed: { id: string; version: number }) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      let version = bed.version;
      let applied = 0;
      let refusedWithError = 0;
      try {
        for (;;) {
          const status = applied % 2 === 0 ? 'RESERVED' : 'AVAILABLE';
          const res = await post(
            agent,
            JSON.stringify({
              query: 'mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }',
              variables: { i: { bedId: bed.id, expectedVersion: version, status } },
            }),
          );
          if (sigtermAt) answeredAfter += 1;
          if (res.json.errors) refusedWithError += 1;
          else {
            applied += 1;
            version += 1;
          }
        }
      } catch {
        // The connection was closed or refused: the service is stopping.
      } finally {
        agent.destroy();
      }
      return { bed: bed.id, applied, refusedWithError };
    };
    const running = beds.map((b) => client(b));
    await new Promise((r) => setTimeout(r, 1500));
    sigtermAt = Date.now();
    child.kill('SIGTERM');
    const results = await Promise.all(running);
    const code = await exited;
    const exitMs = Date.now() - sigtermAt;

    for (const r of results) {
      const [{ n }] = (await pg.query(`SELECT count(*)::int AS n FROM bed_events WHERE bed_id = $1 AND id > $2`, [r.bed, lastEvent])).rows;
      // Applied means answered as applied: nothing was cut after it was written.
      expect({ bed: r.bed, events: n }).toEqual({ bed: r.bed, events: r.applied });
      expect(r.refusedWithError).toBe(0);
    }
    await pg.end();
    expect(results.reduce((s, r) => s + r.applied, 0)).toBeGreaterThan(10);
    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(5000);
    // At most the request each client had in flight, and one that crossed the Connection: close.
    expect(answeredAfter).toBeLessThanOrEqual(20);
    process.stdout.write(
      `[shutdown] keep-alive: ${results.reduce((s, r) => s + r.applied, 0)} changes, ${answeredAfter} answered after SIGTERM, exit 0 after ${exitMs} ms\n`,
    );
  }, 60_000);
});

// A worker process (no GraphQL, no WebSockets) stops on SIGTERM as cleanly as an api: exit 0
// and not one error line, so an operator's log of a routine restart holds no false alarm.
(existsSync(MAIN) ? describe : describe.skip)('graceful shutdown of a worker process (built service)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let worker: ServiceProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    worker?.kill();
    await db?.drop();
  });

  it('exits 0 on SIGTERM without logging an error', async () => {
    const port = await freePort();
    worker = new ServiceProcess({ DATABASE_URL: db.url, PORT: String(port), ROLE: 'worker', ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'admin-password-1' });
    await worker.serving(port, 60_000);
    worker.kill('SIGTERM');
    const { code } = await worker.exited;
    expect(code).toBe(0);
    expect(worker.output).toMatch(/"msg":"stopped"/);
    expect(worker.output.split('\n').filter((line) => line.includes('"level":"error"'))).toEqual([]);
  }, 90_000);
});
