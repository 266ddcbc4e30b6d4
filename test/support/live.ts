import type { NestExpressApplication } from '@nestjs/platform-express';
import { createClient, type Client } from 'graphql-ws';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { bootApp } from './boot';
import { ADMIN } from './test-app';

export interface WatchResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A graphql-ws client for the tests: Node's `ws`, optional bearer token, retries forever. */
export function wsClient(baseUrl: string, token?: string): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: Number.MAX_SAFE_INTEGER,
    retryWait: () => new Promise((r) => setTimeout(r, 200)),
    shouldRetry: () => true,
  });
}

/** Collects one subscription's messages so a test can wait for what it expects. */
export class Watch<T> {
  readonly results: WatchResult<T>[] = [];
  error: unknown = null;
  completed = false;
  private readonly waiters = new Set<() => void>();
  private readonly dispose: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown> = {}) {
    this.dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (r) => this.record(() => this.results.push(r as WatchResult<T>)),
        error: (e) => this.record(() => (this.error = e)),
        complete: () => this.record(() => (this.completed = true)),
      },
    );
  }

  /** The data of every message without errors. */
  get data(): T[] {
    return this.results.filter((r) => !r.errors && r.data).map((r) => r.data as T);
  }

  /** The first error code, from a result's errors or from an error message (an array of errors). */
  get errorCode(): string | undefined {
    const fromResult = this.results.find((r) => r.errors)?.errors?.[0]?.extensions?.code;
    if (fromResult) return fromResult;
    if (Array.isArray(this.error)) return (this.error[0] as { extensions?: { code?: string } })?.extensions?.code;
    return undefined;
  }

  /** Every error message, from results and from an error message, joined. */
  get errorMessage(): string {
    const fromResults = this.results.flatMap((r) => r.errors ?? []).map((e) => e.message);
    const fromError = Array.isArray(this.error) ? (this.error as { message?: string }[]).map((e) => e.message ?? '') : [];
    return [...fromResults, ...fromError].join(' ');
  }

  async until(done: (w: this) => boolean, what: string, timeoutMs = 15000): Promise<void> {
    if (done(this)) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done(this)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(this.results).slice(-600)} error=${String(this.error)}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  close(): void {
    this.dispose();
  }

  private record(change: () => void): void {
    change();
    for (const w of [...this.waiters]) w();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One api process of several sharing a database: same signing secret, so a token works on all. */
export class Instance {
  private constructor(
    readonly app: NestExpressApplication,
    readonly baseUrl: string,
    private readonly shutdown: () => Promise<void>,
  ) {}

  static async start(databaseUrl: string, jwtSecret: string, overrides: Record<string, string> = {}): Promise<Instance> {
    const booted = await bootApp(databaseUrl, { env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...overrides }, jwtSecret });
    return new Instance(booted.app, booted.baseUrl, booted.close);
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  async gql<T>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
    const res = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  }

  async adminToken(): Promise<string> {
    const res = await this.gql<{ login: { token: string } }>(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, {
      u: ADMIN.username,
      p: ADMIN.password,
    });
    if (!res.data) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
    return res.data.login.token;
  }

  async close(): Promise<void> {
    await this.shutdown();
  }
}

export interface BedRef {
  id: string;
  version: number;
  status: string;
}

/** Moves a bed to `status` through the API; returns the bed's new version. */
export async function setBedStatus(via: Instance, token: string, bed: BedRef, status: string): Promise<void> {
  const res = await via.gql<{ changeBedStatus: { version: number; status: string } }>(
    `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version status } }`,
    { i: { bedId: bed.id, expectedVersion: bed.version, status, reason: 'uji' } },
    token,
  );
  if (!res.data) throw new Error(`changeBedStatus failed: ${JSON.stringify(res.errors)}`);
  bed.version = res.data.changeBedStatus.version;
  bed.status = res.data.changeBedStatus.status;
}

export async function bedsOfWard(via: Instance, token: string, wardId: string, first = 50): Promise<BedRef[]> {
  const res = await via.gql<{ beds: { edges: { node: BedRef }[] } }>(
    `query($w: ID!, $n: Int) { beds(filter: { wardId: $w, status: AVAILABLE }, first: $n) { edges { node { id version status } } } }`,
    { w: wardId, n: first },
    token,
  );
  if (!res.data) throw new Error(`beds failed: ${JSON.stringify(res.errors)}`);
  return res.data.beds.edges.map((e) => e.node);
}

/** The counter row as the database has it now. */
export async function countsInDatabase(db: DataSource, wardId: string, bedClass: string): Promise<Record<string, number | string>> {
  const rows = await db.query(
    `SELECT total, available, occupied, reserved, cleaning, closed, seq::text AS seq FROM ward_availability WHERE ward_id = $1 AND bed_class = $2`,
    [wardId, bedClass],
  );
  return rows[0];
}

export async function outboxSize(db: DataSource): Promise<number> {
  return (await db.query('SELECT count(*)::int AS n FROM outbox'))[0].n as number;
}

export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Whether an executable is on the PATH (for tests that need a local program). */
export function hasProgram(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A throw-away redis-server of the test's own, on its own port, that the test can stop and start. */
export class RedisServer {
  private process: ChildProcess | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process = child;
    // Even when a test times out before stopping it, it does not outlive the test process.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', () => process.removeListener('exit', reap));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10000);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
