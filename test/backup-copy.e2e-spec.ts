import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { JsonLogger } from '../src/common/json-logger';
import { AppConfig } from '../src/config/app-config';
import { loadEnvironment } from '../src/config/environment';
import { COPY_MAGIC, u32 } from '../src/database/backup-format';
import { MIGRATIONS } from '../migrations';
import { LedgerQueriesService } from '../src/ledger/ledger-queries.service';
import { freePort } from './support/live';
import { gqlAt, MAIN, ServiceProcess } from './support/service-process';
import { createTestDatabase, TestApp } from './support/test-app';
import { PAY, payVars, SUBMIT, VERIFY, claimInput, seededFundId, settled, type ClaimView } from './ledger-support';

const CLI = resolve('dist/src/database/backup-cli.js');
const CHANGE_BED = `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`;

async function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; output: string }> {
  const p = new ServiceProcess({ LOG_LEVEL: 'info', ...env }, CLI, args);
  const { code } = await p.exited;
  return { code, output: p.output };
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Every row of the evidence tables, whole, as PostgreSQL prints it. */
async function evidence(url: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ['beds', 'bed_events', 'claims', 'claim_events', 'journal_entries', 'journal_lines', 'funds', 'users']) {
    out[table] = (await query<{ r: string }>(url, `SELECT t::text AS r FROM ${table} t ORDER BY 1`)).map((x) => x.r);
  }
  return out;
}

async function counts(url: string): Promise<Record<string, number>> {
  const tables = await query<{ relname: string }>(
    url,
    `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname NOT IN ('migrations', 'outbox') ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { relname } of tables) out[relname] = (await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM "${relname}"`))[0].n;
  return out;
}

const userTables = async (url: string) =>
  (await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`))[0].n;

/** The archive's parts (after gunzip): header JSON and the bytes after it. */
function split(file: string): { header: Record<string, unknown>; rest: Buffer } {
  const raw = gunzipSync(readFileSync(file));
  const length = raw.readUInt32BE(COPY_MAGIC.length);
  const start = COPY_MAGIC.length + 4;
  return { header: JSON.parse(raw.subarray(start, start + length).toString()) as Record<string, unknown>, rest: raw.subarray(start + length) };
}
/** The archive's per-table parts (frames, end, checksum) and what follows them. */
function segments(rest: Buffer, tables: number): { parts: Buffer[]; end: Buffer } {
  let at = 0;
  const parts: Buffer[] = [];
  for (let i = 0; i < tables; i++) {
    const start = at;
    for (let len = rest.readUInt32BE(at); ; len = rest.readUInt32BE(at)) {
      at += 4 + len;
      if (len === 0) break;
    }
    at += 32;
    parts.push(rest.subarray(start, at));
  }
  return { parts, end: rest.subarray(at) };
}
function join3(header: Record<string, unknown>, rest: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  return gzipSync(Buffer.concat([COPY_MAGIC, u32(json.length), json, rest]));
}

(existsSync(CLI) ? describe : describe.skip)('COPY backups (built CLI, run `npm run build` first)', () => {
  let t: TestApp;
  let dataDir: string;
  let archive: string;
  const dbs: { url: string; drop: () => Promise<void> }[] = [];
  let restored: NestExpressApplication | undefined;
  const newDb = async () => {
    const d = await createTestDatabase();
    dbs.push(d);
    return d.url;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    dataDir = mkdtempSync(join(tmpdir(), 'siranap-copy-'));
  });
  afterAll(async () => {
    await restored?.close();
    await t?.close();
    for (const d of dbs) await d.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('round-trips beds, history, claims and the journal into a new database that then takes new bed changes and claims', async () => {
    const admin = await t.adminToken();
    const [admissions, verifier, finance] = await Promise.all([
      t.userToken(['ADMISSIONS'], [], admin),
      t.userToken(['VERIFIER'], [], admin),
      t.userToken(['FINANCE'], [], admin),
    ]);
    const fundId = await seededFundId(t);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId) }, admissions)).data!.submitClaim.id);
    for (const id of ids) expect(await settled(t, id)).toBe('HELD');
    expect((await t.gql(VERIFY, { id: ids[0] }, verifier)).errors).toBeUndefined();
    expect((await t.gql<{ payClaim: ClaimView }>(PAY, payVars(ids[0], '18500000'), finance)).data?.payClaim.status).toBe('PAID');
    const bed = (await t.db.query(`SELECT id, version FROM beds WHERE status = 'AVAILABLE' ORDER BY code LIMIT 1`))[0] as { id: string; version: number };
    expect(
      (await t.gql(CHANGE_BED, { i: { bedId: bed.id, expectedVersion: bed.version, status: 'CLOSED', reason: 'sebelum backup' } }, admin)).errors,
    ).toBeUndefined();

    const made = await cli({ DATABASE_URL: t.databaseUrl, DATA_DIR: dataDir }, 'backup', '--format=copy');
    expect(made.code).toBe(0);
    expect(made.output).toMatch(/"format":"copy"/);
    const files = readdirSync(join(dataDir, 'backups'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^siranap-\d{8}T\d{6}Z\.copy\.gz$/);
    archive = join(dataDir, 'backups', files[0]);
    const { header } = split(archive);
    expect(header).toMatchObject({ format: 'siranap-copy', version: 1, lastMigration: MIGRATIONS.at(-1)!.name });
    const tables = header.tables as { name: string; rows: number }[];
    // Referenced tables come first; the queue's schema is not in the archive.
    const at = (n: string) => tables.findIndex((x) => x.name === n);
    expect(at('hospitals')).toBeLessThan(at('wards'));
    expect(at('claims')).toBeLessThan(at('journal_entries'));
    expect(at('journal_entries')).toBeLessThan(at('journal_lines'));
    expect(tables.find((x) => x.name === 'bed_events')!.rows).toBeGreaterThanOrEqual(1);
    expect(tables.some((x) => x.name === 'migrations' || x.name.startsWith('bull'))).toBe(false);

    const target = await newDb();
    const done = await cli({ DATABASE_URL: target, DATA_DIR: dataDir }, 'restore', archive);
    expect(done.output).toMatch(/"msg":"restored"/);
    expect(done.code).toBe(0);
    expect(await evidence(target)).toEqual(await evidence(t.databaseUrl));
    expect(await query(target, `SELECT id, "timestamp"::text, name FROM migrations ORDER BY id`)).toEqual(
      await query(t.databaseUrl, `SELECT id, "timestamp"::text, name FROM migrations ORDER BY id`),
    );
    // Restoring again over it needs --force.
    const again = await cli({ DATABASE_URL: target, DATA_DIR: dataDir }, 'restore', archive);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/is not empty .* --force/);

    // The restored database in service: the ledger verifies, and its sequences go on from the restored rows.
    const env = loadEnvironment({ NODE_ENV: 'test', DATA_DIR: dataDir, GRAPHQL_SCHEMA_FILE: '', LOG_LEVEL: 'error', SEED_ON_START: 'false' });
    restored = await createApp(new AppConfig(env, target, randomBytes(32).toString('hex')), new JsonLogger('error'));
    await restored.listen(0, '127.0.0.1');
    const port = (restored.getHttpServer().address() as { port: number }).port;
    const check = await restored.get(LedgerQueriesService).verifyLedger(fundId);
    expect(check).toMatchObject({ valid: true });
    expect(check.entriesChecked).toBeGreaterThanOrEqual(5);
    const login = await gqlAt<{ login: { token: string } }>(port, 'mutation { login(username: "admin", password: "admin-password-1") { token } }');
    const token = login.data!.login.token;
    const before = (await query<{ m: string }>(target, `SELECT max(id)::text AS m FROM bed_events`))[0].m;
    expect(
      (await gqlAt(port, CHANGE_BED, { i: { bedId: bed.id, expectedVersion: bed.version + 1, status: 'AVAILABLE', reason: 'setelah restore' } }, token)).errors,
    ).toBeUndefined();
    expect((await query<{ m: string }>(target, `SELECT max(id)::text AS m FROM bed_events`))[0].m).toBe(String(BigInt(before) + 1n));
    const clerk = { username: `u${randomBytes(5).toString('hex')}`, password: 'password-123456' };
    expect(
      (await gqlAt(port, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { ...clerk, roles: ['ADMISSIONS'], wardIds: [] } }, token))
        .errors,
    ).toBeUndefined();
    const clerkToken = (
      await gqlAt<{ login: { token: string } }>(port, `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, {
        u: clerk.username,
        p: clerk.password,
      })
    ).data!.login.token;
    const claim = await gqlAt<{ submitClaim: ClaimView }>(port, SUBMIT, { i: claimInput(fundId) }, clerkToken);
    expect(claim.errors).toBeUndefined();
    const db = { db: restored.get(DataSource) } as unknown as TestApp;
    expect(await settled(db, claim.data!.submitClaim.id)).toBe('HELD');
    expect((await restored.get(LedgerQueriesService).verifyLedger(fundId)).valid).toBe(true);
  }, 60_000);

  it('refuses a truncated, corrupted, tampered or too new archive with a clear message and leaves the target as it was', async () => {
    const bad = (name: string, bytes: Buffer) => {
      const f = join(dataDir, name);
      writeFileSync(f, bytes);
      return f;
    };
    const whole = readFileSync(archive);
    const { header, rest } = split(archive);
    const flipped = Buffer.from(whole);
    flipped[Math.floor(flipped.length / 2)] ^= 0xff;
    // A changed value in the data, recompressed: gzip is whole, the table's checksum is not.
    const tampered = Buffer.from(rest);
    const at = tampered.indexOf('AVAILABLE');
    expect(at).toBeGreaterThan(0);
    tampered[at] = 0x42;
    const cases: [string, Buffer, RegExp][] = [
      ['truncated.copy.gz', whole.subarray(0, Math.floor(whole.length * 0.6)), /truncated/],
      ['flipped.copy.gz', flipped, /damaged|truncated/],
      ['tampered.copy.gz', join3(header, tampered), /does not match its checksum/],
      ['no-end.copy.gz', join3(header, rest.subarray(0, rest.length - 12)), /end marker|truncated/],
      [
        'future.copy.gz',
        join3(
          {
            ...header,
            migrations: [...(header.migrations as object[]), { timestamp: 1899999999999, name: 'Future1899999999999' }],
            lastMigration: 'Future1899999999999',
          },
          rest,
        ),
        /migrations do not include Future1899999999999/,
      ],
      ['not-a-backup.dump', Buffer.from('hello'), /not a SI-RANAP backup/],
    ];
    const empty = await newDb();
    for (const [name, bytes, message] of cases) {
      const r = await cli({ DATABASE_URL: empty, DATA_DIR: dataDir }, 'restore', bad(name, bytes));
      expect({ name, code: r.code }).toEqual({ name, code: 1 });
      expect(r.output).toMatch(message);
      expect(r.output).not.toMatch(/at .*\.js:\d+/);
      expect(await userTables(empty)).toBe(0);
    }
    // Forced over a database with data: a damaged archive leaves every row where it was.
    const full = await newDb();
    expect((await cli({ DATABASE_URL: full, DATA_DIR: dataDir }, 'restore', archive)).code).toBe(0);
    const was = await evidence(full);
    // Columns the migrations do not make: found after the forced drop and the migrations, so this
    // checks that the one transaction takes all of it back.
    const renamed = (header.tables as { name: string; columns: string[] }[]).map((x) =>
      x.name === 'beds' ? { ...x, columns: x.columns.map((c) => (c === 'status' ? 'state' : c)) } : x,
    );
    bad('renamed.copy.gz', join3({ ...header, tables: renamed }, rest));
    // Whole and checksummed, but wards before hospitals: the database refuses the load midway.
    const list = header.tables as { name: string }[];
    const { parts, end } = segments(rest, list.length);
    const [h, w] = [list.findIndex((x) => x.name === 'hospitals'), list.findIndex((x) => x.name === 'wards')];
    const swap = <T>(xs: T[]) => xs.map((x, i) => (i === h ? xs[w] : i === w ? xs[h] : x));
    bad('reordered.copy.gz', join3({ ...header, tables: swap(list) }, Buffer.concat([...swap(parts), end])));
    const expected: Record<string, RegExp> = {
      'truncated.copy.gz': /truncated/,
      'tampered.copy.gz': /checksum/,
      'renamed.copy.gz': /other columns: beds/,
      'reordered.copy.gz': /foreign key/,
    };
    for (const [name, message] of Object.entries(expected)) {
      const r = await cli({ DATABASE_URL: full, DATA_DIR: dataDir }, 'restore', join(dataDir, name), '--force');
      expect({ name, code: r.code }).toEqual({ name, code: 1 });
      expect(r.output).toMatch(message);
      expect(r.output).toMatch(/nothing was changed/);
    }
    expect(await evidence(full)).toEqual(was);
    // And a good archive forced over it replaces its contents in full.
    await query(full, `UPDATE beds SET status = 'CLOSED'`);
    expect((await cli({ DATABASE_URL: full, DATA_DIR: dataDir }, 'restore', archive, '--force')).code).toBe(0);
    expect(await evidence(full)).toEqual(was);
  }, 60_000);
});

(existsSync(MAIN) && existsSync(CLI) ? describe : describe.skip)('COPY backup of the embedded database (built service)', () => {
  let dataDir: string;
  let service: ServiceProcess | undefined;
  let target: { url: string; drop: () => Promise<void> } | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'siranap-embedded-backup-'));
    // PostgreSQL runs as the postgres user when the tests run as root: it must enter the folder.
    chmodSync(dataDir, 0o755);
  });
  afterAll(async () => {
    service?.kill('SIGTERM');
    if (service) await service.exited;
    await target?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("backs up the running service's embedded PostgreSQL without pg_dump and restores it into another server", async () => {
    const [port, pgPort] = await Promise.all([freePort(), freePort()]);
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(port), ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'admin-password-1' };
    service = new ServiceProcess(env);
    await service.serving(port, 60_000);
    const token = (await gqlAt<{ login: { token: string } }>(port, 'mutation { login(username: "admin", password: "admin-password-1") { token } }')).data!.login
      .token;
    const beds = await gqlAt<{ beds: { edges: { node: { id: string; version: number } }[] } }>(
      port,
      '{ beds(filter: {status: AVAILABLE}, first: 1) { edges { node { id version } } } }',
      {},
      token,
    );
    const bed = beds.data!.beds.edges[0].node;
    expect(
      (await gqlAt(port, CHANGE_BED, { i: { bedId: bed.id, expectedVersion: bed.version, status: 'CLOSED', reason: 'uji backup' } }, token)).errors,
    ).toBeUndefined();

    const made = await cli({ DATA_DIR: dataDir }, 'backup');
    expect(made.output).toMatch(/"format":"copy"/);
    // auto fell back to the COPY format because no pg_dump here reads PostgreSQL 18.
    expect(made.output).toMatch(/no pg_dump for PostgreSQL 18/);
    expect(made.code).toBe(0);
    const [file] = readdirSync(join(dataDir, 'backups'));
    expect(split(join(dataDir, 'backups', file)).header.serverVersion).toMatch(/^18\./);

    // Restoring into the running service's database is refused.
    const busy = await cli({ DATA_DIR: dataDir }, 'restore', join(dataDir, 'backups', file), '--force');
    expect(busy.code).toBe(1);
    expect(busy.output).toMatch(/stop it before restoring/);

    target = await createTestDatabase();
    const done = await cli({ DATABASE_URL: target.url, DATA_DIR: dataDir }, 'restore', join(dataDir, 'backups', file));
    expect(done.code).toBe(0);
    const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim();
    const embedded = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/siranap`;
    const there = await counts(embedded);
    expect(there.bed_events).toBeGreaterThanOrEqual(1);
    expect(await counts(target.url)).toEqual(there);
    expect(await query(target.url, `SELECT id, status, version FROM beds ORDER BY id`)).toEqual(
      await query(embedded, `SELECT id, status, version FROM beds ORDER BY id`),
    );

    // The drill on the embedded install: a change after the backup, stop, restore --force, start.
    expect(
      (await gqlAt(port, CHANGE_BED, { i: { bedId: bed.id, expectedVersion: bed.version + 1, status: 'AVAILABLE', reason: 'setelah backup' } }, token)).errors,
    ).toBeUndefined();
    service.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
    const back = await cli({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) }, 'restore', join(dataDir, 'backups', file), '--force');
    expect(back.output).toMatch(/"msg":"restored"/);
    expect(back.code).toBe(0);
    service = new ServiceProcess(env);
    await service.serving(port, 60_000);
    const again = (await gqlAt<{ login: { token: string } }>(port, 'mutation { login(username: "admin", password: "admin-password-1") { token } }')).data!.login
      .token;
    const now = await gqlAt<{ bed: { status: string; version: number } }>(port, 'query($id: ID!) { bed(id: $id) { status version } }', { id: bed.id }, again);
    expect(now.data?.bed ?? now).toEqual({ status: 'CLOSED', version: bed.version + 1 });
    // Everything as backed up, but the session of the login just made.
    expect(await counts(embedded)).toEqual({ ...there, sessions: there.sessions + 1 });
  }, 90_000);
});
