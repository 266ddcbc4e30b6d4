import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client, type ClientBase } from 'pg';
import { from as copyFrom, to as copyTo, type CopyStreamQuery } from 'pg-copy-streams';
import { DataSource, MigrationExecutor, type MigrationInterface, type QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { BackupError } from './backup-error';
import {
  ArchiveReader,
  COPY_END,
  COPY_FORMAT,
  COPY_FORMAT_VERSION,
  COPY_MAGIC,
  ident,
  loadOrder,
  MAX_FRAME,
  migrationsToRun,
  u32,
  type CopyHeader,
  type CopyTable,
} from './backup-format';
import { dataSourceOptions } from './data-source';

/**
 * The backup format that needs no pg_dump: a logical copy made over the service's own driver, so
 * it works with any server version (the embedded PostgreSQL 18 included). It holds the `public`
 * schema's data; the schema itself is rebuilt by the migrations on restore. BullMQ's schema is
 * left out: its jobs follow from the claims (the worker's sweep queues REQUESTED claims again),
 * and BullMQ creates and versions its tables itself.
 */

const sha256 = () => createHash('sha256');

async function catalog(db: {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}): Promise<{ tables: Map<string, string[]>; references: { from: string; to: string }[] }> {
  const cols = (
    await db.query(
      `SELECT c.relname AS table, a.attname AS column
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'migrations'
        ORDER BY c.relname, a.attnum`,
    )
  ).rows as { table: string; column: string }[];
  const tables = new Map<string, string[]>();
  for (const { table, column } of cols) tables.set(table, [...(tables.get(table) ?? []), column]);
  const references = (
    await db.query(
      `SELECT f.relname AS from, t.relname AS to
         FROM pg_constraint k JOIN pg_class f ON f.oid = k.conrelid JOIN pg_class t ON t.oid = k.confrelid
        WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace`,
    )
  ).rows as { from: string; to: string }[];
  return { tables, references };
}

/** What the snapshot holds: the migrations, and the tables in load order with their columns and rows. */
async function snapshotHeader(client: ClientBase, now: Date): Promise<CopyHeader> {
  const hasMigrations = (await client.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS ok`)).rows as { ok: boolean }[];
  if (!hasMigrations[0].ok) throw new BackupError('the database has no migrations table: it is not a SI-RANAP database (or was never started)');
  const migrations = (await client.query(`SELECT "timestamp"::bigint::text AS ts, name FROM migrations ORDER BY id`)).rows as { ts: string; name: string }[];
  if (migrations.length === 0) throw new BackupError('the database has no migrations applied: nothing to back up');
  const { tables, references } = await catalog(client);
  const list: CopyTable[] = [];
  for (const name of loadOrder([...tables.keys()], references)) {
    const [{ n }] = (await client.query(`SELECT count(*)::bigint::text AS n FROM public.${ident(name)}`)).rows as { n: string }[];
    list.push({ name, columns: tables.get(name)!, rows: Number(n) });
  }
  const [{ v, db }] = (await client.query(`SELECT current_setting('server_version') AS v, current_database() AS db`)).rows as { v: string; db: string }[];
  return {
    format: COPY_FORMAT,
    version: COPY_FORMAT_VERSION,
    createdAt: now.toISOString(),
    serverVersion: v,
    database: db,
    schema: 'public',
    migrations: migrations.map((m) => ({ timestamp: Number(m.ts), name: m.name })),
    lastMigration: migrations[migrations.length - 1].name,
    tables: list,
  };
}

const columnList = (t: CopyTable) => t.columns.map(ident).join(', ');

async function* archive(client: ClientBase, header: CopyHeader): AsyncGenerator<Buffer> {
  yield COPY_MAGIC;
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  yield u32(json.length);
  yield json;
  for (const table of header.tables) {
    const hash = sha256();
    let rows = 0;
    const stream = client.query(copyTo(`COPY public.${ident(table.name)} (${columnList(table)}) TO STDOUT`));
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let at = 0; at < chunk.length; at += MAX_FRAME) {
        const part = chunk.subarray(at, at + MAX_FRAME);
        hash.update(part);
        for (let i = part.indexOf(10); i !== -1; i = part.indexOf(10, i + 1)) rows++;
        yield u32(part.length);
        yield part;
      }
    }
    // One snapshot: the copy sees exactly the rows the count saw.
    if (rows !== table.rows) throw new BackupError(`${table.name}: copied ${rows} rows, counted ${table.rows}`);
    yield u32(0);
    yield hash.digest();
  }
  yield COPY_END;
}

/**
 * Writes the COPY backup of the database to `file` from one REPEATABLE READ READ ONLY
 * transaction, so every table is from the same moment while the service keeps writing.
 * Streams table by table: memory stays flat however long the history is.
 */
export async function backupCopy(url: string, file: string, now = new Date()): Promise<{ tables: number; rows: number }> {
  const client = new Client({ connectionString: url, application_name: 'si-ranap backup' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const header = await snapshotHeader(client, now);
    await pipeline(Readable.from(archive(client, header)), createGzip(), createWriteStream(file, { flags: 'wx' }));
    await client.query('COMMIT');
    return { tables: header.tables.length, rows: header.tables.reduce((s, t) => s + t.rows, 0) };
  } finally {
    await client.end();
  }
}

function openArchive(file: string): ArchiveReader {
  const gunzip = createGunzip();
  const input = createReadStream(file);
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  return new ArchiveReader((gunzip as AsyncIterable<Buffer>)[Symbol.asyncIterator]());
}

export async function readCopyHeader(file: string): Promise<CopyHeader> {
  const reader = openArchive(file);
  return reader.header();
}

/** Reads the whole archive and checks every table's rows and checksum, touching no database. */
export async function verifyCopyArchive(file: string): Promise<CopyHeader> {
  const reader = openArchive(file);
  const header = await reader.header();
  for (const table of header.tables) await reader.table(table, sha256, async () => undefined);
  await reader.end();
  return header;
}

const migrationName = (m: (typeof MIGRATIONS)[number]) => new (m as new () => MigrationInterface)().name ?? m.name;

/** Empties the application's schemas for a forced restore (inside the restore's transaction). */
async function dropApplication(qr: QueryRunner, queueSchema: string): Promise<void> {
  const rows = (await qr.query(`SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = 'public'`)) as { owner: string }[];
  // The queue's jobs belong to the data being replaced; BullMQ recreates its schema on start.
  await qr.query(`DROP SCHEMA IF EXISTS ${ident(queueSchema)} CASCADE`);
  await qr.query(`DROP SCHEMA IF EXISTS public CASCADE`);
  // Same owner as before, and the usage every role has on a new database's public schema.
  await qr.query(`CREATE SCHEMA public AUTHORIZATION ${rows[0]?.owner ?? 'CURRENT_USER'}`);
  await qr.query(`GRANT USAGE ON SCHEMA public TO PUBLIC`);
}

function sameSchema(header: CopyHeader, tables: Map<string, string[]>): void {
  const inBackup = new Set(header.tables.map((t) => t.name));
  const missing = header.tables.filter((t) => !tables.has(t.name)).map((t) => t.name);
  const extra = [...tables.keys()].filter((t) => !inBackup.has(t));
  const columns = header.tables
    .filter((t) => tables.has(t.name) && [...tables.get(t.name)!].sort().join(',') !== [...t.columns].sort().join(','))
    .map((t) => t.name);
  if (missing.length + extra.length + columns.length > 0) {
    throw new BackupError(
      `the migrations up to ${header.lastMigration} do not make the backup's tables (missing: ${missing.join(', ') || 'none'}; not in the backup: ${extra.join(', ') || 'none'}; other columns: ${columns.join(', ') || 'none'})`,
    );
  }
}

async function copyTable(client: ClientBase, reader: ArchiveReader, table: CopyTable): Promise<void> {
  const stream: CopyStreamQuery = client.query(copyFrom(`COPY public.${ident(table.name)} (${columnList(table)}) FROM STDIN`));
  // An error of the database while we write is kept and thrown below, never left unhandled.
  let failure: Error | undefined;
  stream.on('error', (err: Error) => (failure ??= err));
  try {
    await reader.table(table, sha256, async (data) => {
      if (failure) throw failure;
      if (!stream.write(data)) await Promise.race([once(stream, 'drain'), once(stream, 'close')]);
      if (failure) throw failure;
    });
    stream.end();
    await finished(stream);
  } catch (err) {
    if (!stream.destroyed) stream.destroy(err as Error);
    await finished(stream).catch(() => undefined);
    throw failure && !(err instanceof BackupError) ? failure : err;
  }
  if (stream.rowCount !== table.rows) throw new BackupError(`${table.name}: the database took ${stream.rowCount} rows, the backup has ${table.rows}`);
}

/** Every serial or identity sequence of the schema at the largest value its column holds. */
async function resetSequences(qr: QueryRunner): Promise<void> {
  const owned = (await qr.query(
    `SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(format('public.%I', c.relname), a.attname) AS seq
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind = 'r'`,
  )) as { table: string; column: string; seq: string | null }[];
  for (const o of owned.filter((x) => x.seq !== null)) {
    await qr.query(`SELECT setval($1::regclass, m) FROM (SELECT max(${ident(o.column)}) AS m FROM public.${ident(o.table)}) x WHERE m IS NOT NULL`, [o.seq]);
  }
}

/**
 * Restores a COPY backup: checks the whole archive first (a damaged one is refused before the
 * database is touched), then in ONE transaction (a failure leaves the database as it was):
 * with `force` drops the application's schemas, runs the code's migrations up to the backup's,
 * loads every table in the archive's (foreign-key) order, checks the row counts and sets the
 * sequences. The append-only triggers refuse UPDATE, DELETE and TRUNCATE only, so the load's
 * inserts pass them and they stay in force throughout.
 */
export async function restoreCopy(
  url: string,
  file: string,
  opts: { force: boolean; queueSchema: string },
): Promise<{ tables: number; rows: number; lastMigration: string }> {
  const header = await verifyCopyArchive(file);
  const upTo = migrationsToRun(
    header.migrations.map((m) => m.name),
    MIGRATIONS.map(migrationName),
  );
  const ds = new DataSource({
    ...dataSourceOptions(url),
    migrations: MIGRATIONS.slice(0, upTo),
    logging: false,
    extra: { max: 1, application_name: 'si-ranap restore' },
  });
  await ds.initialize();
  const qr = ds.createQueryRunner();
  try {
    const client = (await qr.connect()) as ClientBase;
    await qr.startTransaction();
    try {
      // A service starting meanwhile waits here instead of migrating the half-restored database.
      await qr.query(`SELECT pg_advisory_xact_lock(hashtext('si-ranap migrations'))`);
      if (opts.force) await dropApplication(qr, opts.queueSchema);
      const executor = new MigrationExecutor(ds, qr);
      executor.transaction = 'all';
      await executor.executePendingMigrations();
      sameSchema(header, (await catalog({ query: async (sql) => ({ rows: (await qr.query(sql)) as unknown[] }) })).tables);
      const reader = openArchive(file);
      await reader.header();
      // Rows a migration seeds (the default HL7 code mappings) are in the backup as they were then.
      // Only tables that hold rows: the append-only triggers refuse any DELETE statement.
      for (const table of [...header.tables].reverse()) {
        const rows = (await qr.query(`SELECT EXISTS (SELECT 1 FROM public.${ident(table.name)}) AS seeded`)) as { seeded: boolean }[];
        if (rows[0].seeded) await qr.query(`DELETE FROM public.${ident(table.name)}`);
      }
      for (const table of header.tables) await copyTable(client, reader, table);
      await reader.end();
      await resetSequences(qr);
      await qr.commitTransaction();
    } catch (err) {
      await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    }
  } finally {
    await qr.release();
    await ds.destroy();
  }
  return { tables: header.tables.length, rows: header.tables.reduce((s, t) => s + t.rows, 0), lastMigration: header.lastMigration };
}
