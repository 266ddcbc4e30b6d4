import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { seedDatabase } from '../src/database/seed';
import { bootApp, type BootedApp } from '../test/support/boot';

/** The repository root (this file runs from dist/bench). */
export const ROOT = resolve(__dirname, '..', '..');
export const MAIN_JS = resolve(ROOT, 'dist/src/main.js');
export const ADMIN = { username: 'benchadmin', password: 'bench-admin-password-1' };

export function log(step: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${step}\n`);
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => done(port));
    });
    srv.on('error', fail);
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A database of its own on the benchmark server, dropped by `drop`. */
export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createDatabase(serverUrl: string, label: string): Promise<BenchDatabase> {
  const name = `siranap_bench_${label}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

// ---- statistics ----

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) return { n: 0, p50: NaN, p99: NaN, max: NaN, mean: NaN };
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export const median = (values: number[]): number => summarize(values).p50;

export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface LoadResult {
  ops: number;
  seconds: number;
  perSecond: number;
  latency: Summary;
  errors: number;
  firstError: string | null;
}

/**
 * `concurrency` loops, each calling `op(worker)` back to back for `durationMs`; latency per call.
 * A failed call counts as an error and is not timed.
 */
export async function runLoad(concurrency: number, durationMs: number, op: (worker: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const start = nowMs();
  const until = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (nowMs() < until) {
        const t = nowMs();
        try {
          await op(worker);
          latencies.push(nowMs() - t);
        } catch (err) {
          errors += 1;
          firstError ??= (err as Error).message;
          if (errors > 100 && latencies.length === 0) throw new Error(`every call fails: ${firstError}`, { cause: err });
        }
      }
    }),
  );
  const seconds = (nowMs() - start) / 1000;
  return { ops: latencies.length, seconds, perSecond: latencies.length / seconds, latency: summarize(latencies), errors, firstError };
}

// ---- HTTP / GraphQL client ----

/** Keep-alive HTTP client: one socket per concurrent caller, as a load tool would use. */
export class HttpClient {
  private readonly agent: Agent;
  constructor(
    readonly baseUrl: string,
    maxSockets = 64,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  post(path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return this.send('POST', path, body, headers);
  }

  get(path: string): Promise<{ status: number; body: string }> {
    return this.send('GET', path, null, {});
  }

  private send(method: string, path: string, body: string | null, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    const url = new URL(path, this.baseUrl);
    return new Promise((done, fail) => {
      const req = request(
        {
          agent: this.agent,
          method,
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: body === null ? headers : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(body ?? undefined);
    });
  }

  async gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const res = await this.post('/graphql', JSON.stringify({ query, variables }), token ? { authorization: `Bearer ${token}` } : {});
    const parsed = JSON.parse(res.body) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (parsed.errors?.length) throw new Error(`${parsed.errors[0].extensions?.code ?? res.status}: ${parsed.errors[0].message}`);
    if (!parsed.data) throw new Error(`HTTP ${res.status} without data`);
    return parsed.data;
  }

  close(): void {
    this.agent.destroy();
  }
}

export async function login(http: HttpClient, username = ADMIN.username, password = ADMIN.password): Promise<string> {
  const data = await http.gql<{ login: { token: string } }>(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, {
    u: username,
    p: password,
  });
  return data.login.token;
}

/** Creates a user with these roles (as the admin) and returns its token. */
export async function userToken(http: HttpClient, adminToken: string, roles: string[]): Promise<string> {
  const username = `bench${randomBytes(4).toString('hex')}`;
  const password = 'bench-password-1';
  await http.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username, password, roles, wardIds: [] } }, adminToken);
  return login(http, username, password);
}

// ---- the service as a child process ----

export interface Service {
  url: string;
  port: number;
  child: ChildProcess;
  /** Resident memory of the process, in bytes, from /proc. */
  rss(): number;
  /** CPU time the process has used (user + system), in seconds, from /proc. */
  cpu(): number;
  stop(): Promise<void>;
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)/.exec(status);
  return kb ? Number(kb[1]) * 1024 : NaN;
}

/**
 * Runs `node dist/src/main.js` (what `npm start` runs after the build) with this environment and
 * waits until /health/ready answers 200. Returns the time that took in `readyMs`.
 */
/** User + system CPU seconds of a process so far (/proc/PID/stat, in clock ticks of 1/100 s). */
export function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * User + system CPU seconds used so far by every process of this machine with this name
 * (`postgres`: the benchmark's PostgreSQL server and any other; 0 when it runs elsewhere).
 */
export function cpuOfProcessesNamed(name: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name) total += cpuOf(Number(pid));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

/** User + system CPU seconds this process has used so far. */
export function ownCpu(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
}

/**
 * Reads each part's CPU seconds so far (a function per part, e.g. a service's `cpu`, ownCpu or
 * cpuOfProcessesNamed); `spent()` gives what each part used since.
 */
export function cpuMeter<Part extends string>(parts: Record<Part, () => number>): { spent(): Record<Part, number> } {
  const names = Object.keys(parts) as Part[];
  const read = (since?: Record<Part, number>) => {
    const seconds = {} as Record<Part, number>;
    for (const name of names) seconds[name] = parts[name]() - (since?.[name] ?? 0);
    return seconds;
  };
  const before = read();
  return { spent: () => read(before) };
}

/** The soft limit of open files of this process (and so of the processes it starts). */
export function openFileLimit(): number {
  const m = /Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return m ? Number(m[1]) : 1024;
}

export async function startService(env: Record<string, string | undefined>, label: string, timeoutMs = 120000): Promise<Service & { readyMs: number }> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const started = nowMs();
  // BENCH_SERVICE_NODE_ARGS: flags for the service's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes.
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? []), MAIN_JS], {
    cwd: ROOT,
    // An undefined value removes a default (e.g. DATABASE_URL, for the embedded database).
    env: withoutUndefined({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      GRAPHQL_SCHEMA_FILE: '',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      ...env,
      PORT: String(port),
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null = null;
  const exit = new Promise<void>((r) =>
    child.on('exit', (code) => {
      exited = code ?? -1;
      r();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const probe = new HttpClient(url, 1);
  try {
    for (;;) {
      if (exited !== null) throw new Error(`${label}: the service exited with ${exited} before it was ready:\n${output}`);
      if (nowMs() - started > timeoutMs) throw new Error(`${label}: not ready after ${timeoutMs} ms:\n${output}`);
      try {
        if ((await probe.get('/health/ready')).status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(25);
    }
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    probe.close();
  }
  const readyMs = nowMs() - started;
  return {
    url,
    port,
    child,
    readyMs,
    rss: () => rssOf(child.pid!),
    cpu: () => cpuOf(child.pid!),
    stop: async () => {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20000);
      await exit;
      clearTimeout(killer);
    },
  };
}

function withoutUndefined(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Common environment of a benchmark service: its own queue and pub/sub prefixes, no limits in the way. */
export function serviceEnv(databaseUrl: string, redisUrl: string | undefined, tag: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    QUEUE_PREFIX: `bench-${tag}`,
    PUBSUB_PREFIX: `bench-${tag}:`,
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    WS_MAX_CONNECTIONS_PER_IP: '100000',
    ...extra,
  };
}

/** Removes every Redis key of a benchmark's prefixes. */
export async function cleanRedis(redisUrl: string | undefined, tag: string): Promise<void> {
  if (!redisUrl) return;
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    for (const pattern of [`bench-${tag}:*`, `bench-${tag}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

/** Starts a baseline server of bare-servers.ts (a process of its own) serving `body`. */
export async function startBareServer(mode: 'http' | 'ws', body: string): Promise<{ url: string; rss(): number; cpu(): number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'siranap-bench-bare-'));
  const file = join(dir, 'body');
  writeFileSync(file, body);
  const child = spawn(process.execPath, [resolve(__dirname, 'bare-servers.js'), mode, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /listening (\d+)/.exec(out);
      if (m) done(Number(m[1]));
    });
    child.on('exit', (code) => fail(new Error(`bare ${mode} server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    rss: () => rssOf(child.pid!),
    cpu: () => cpuOf(child.pid!),
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Migrations and the seed, as the service runs them at start, without starting the service. */
export async function migrateAndSeed(url: string): Promise<void> {
  const db = new DataSource(dataSourceOptions(url));
  await db.initialize();
  try {
    await db.runMigrations();
    await seedDatabase(db, { log: () => undefined });
  } finally {
    await db.destroy();
  }
}

/**
 * The service inside this process (the tests' bootApp), as the bench's admin, listening on a
 * free port; for baselines that call a service method directly.
 */
export function startInProcess(databaseUrl: string, env: Record<string, string>): Promise<BootedApp> {
  return bootApp(databaseUrl, { env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...env } });
}
