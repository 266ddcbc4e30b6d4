import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { JsonLogger } from '../common/json-logger';
import { loadEnvironment, type Environment } from '../config/environment';
import { backup, BACKUP_FORMATS, BackupError, restore, type BackupFormat } from './backup';
import { currentHolder, StartupError } from './data-dir-lock';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * `npm run backup [-- --format=auto|custom|copy]` and `npm run restore -- <file> [--force]`, on DATABASE_URL or the embedded
 * database of DATA_DIR. A backup of the embedded database uses the running service's
 * PostgreSQL, or starts it for the backup; a restore into it needs the service stopped.
 */
async function withDatabase<T>(env: Environment, purpose: 'backup' | 'restore', log: (m: string) => void, work: (url: string) => Promise<T>): Promise<T> {
  if (env.DATABASE_URL) return work(env.DATABASE_URL);
  const holder = currentHolder(env.DATA_DIR);
  if (holder) {
    if (purpose === 'restore') {
      throw new StartupError(`the service (process ${holder.pid}) is running on DATA_DIR ${resolve(env.DATA_DIR)}: stop it before restoring into its database`);
    }
    const password = (await readFile(resolve(env.DATA_DIR, 'postgres-password'), 'utf8')).trim();
    return work(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${holder.port}/siranap`);
  }
  const embedded = await startEmbeddedPostgres(env.DATA_DIR, env.EMBEDDED_PG_PORT, { log, error: log });
  try {
    return await work(embedded.url);
  } finally {
    await embedded.stop();
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const env = loadEnvironment();
  const logger = new JsonLogger(env.LOG_LEVEL);
  const log = (m: string) => logger.log(m, 'Backup');
  if (command === 'backup') {
    const formats = args.filter((a) => a.startsWith('--format='));
    const format = (formats.length > 0 ? formats[formats.length - 1].slice('--format='.length) : 'auto') as BackupFormat;
    if (!BACKUP_FORMATS.includes(format) || args.length !== formats.length) {
      throw new BackupError(`usage: npm run backup [-- --format=${BACKUP_FORMATS.join('|')}] (got ${args.join(' ')})`);
    }
    const dir = resolve(env.DATA_DIR, 'backups');
    const done = await withDatabase(env, 'backup', log, (url) => backup(url, dir, env.BACKUP_KEEP, { format }));
    logger.log(
      { msg: 'backup written', file: done.file, format: done.format, bytes: done.bytes, removed: done.removed, ...(done.why ? { whyCopy: done.why } : {}) },
      'Backup',
    );
    return;
  }
  if (command === 'restore') {
    const force = args.includes('--force');
    const files = args.filter((a) => a !== '--force');
    if (files.length !== 1 || files[0].startsWith('--')) throw new BackupError('usage: npm run restore -- <backup file> [--force]');
    const file = resolve(files[0]);
    const done = await withDatabase(env, 'restore', log, (url) => restore(url, file, force, { queueSchema: env.QUEUE_PG_SCHEMA }));
    logger.log({ msg: 'restored', file, ...done }, 'Backup');
    return;
  }
  throw new BackupError('usage: backup-cli backup | restore <file> [--force]');
}

main().catch((err: unknown) => {
  const known = err instanceof BackupError || err instanceof StartupError;
  process.stderr.write(`${process.argv[2] ?? 'backup'} failed: ${known ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
