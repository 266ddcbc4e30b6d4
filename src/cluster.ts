import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { JsonLogger } from './common/json-logger';
import { loadEnvironment } from './config/environment';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './database/embedded-postgres';
import { keyFileIn } from './ledger/ledger-signing-key';

/**
 * `npm run cluster`: the scaled topology as local processes — one worker and two api
 * replicas on consecutive ports — against the configured PostgreSQL and Redis (or one
 * embedded PostgreSQL that all three share). For tests and demos where Docker cannot run.
 */
const BASE_PORT = Number(process.env.CLUSTER_BASE_PORT ?? 3001);
const MAIN = resolve('dist/src/main.js');

async function sharedSecret(dataDir: string): Promise<string> {
  const file = resolve(dataDir, 'jwt-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(resolve(dataDir), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  return secret;
}

async function waitReady(port: number, name: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not become ready on port ${port}`);
}

async function main(): Promise<void> {
  const env = loadEnvironment();
  const logger = new JsonLogger(env.LOG_LEVEL);
  const log = { log: (m: string) => logger.log(m, 'Cluster'), error: (m: string) => logger.error(m, 'Cluster') };
  let embedded: EmbeddedPostgresHandle | undefined;
  const databaseUrl = env.DATABASE_URL ?? (embedded = await startEmbeddedPostgres(env.DATA_DIR, env.EMBEDDED_PG_PORT, log)).url;
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: env.JWT_SECRET ?? (await sharedSecret(env.DATA_DIR)),
    // Split processes must sign with one key (required for them in production): the shared file's.
    LEDGER_SIGNING_KEY: env.LEDGER_SIGNING_KEY ?? keyFileIn(env.DATA_DIR).key,
    GRAPHQL_SCHEMA_FILE: '',
  };
  const members = [
    { name: 'worker', role: 'worker', port: BASE_PORT + 2 },
    { name: 'api1', role: 'api', port: BASE_PORT },
    { name: 'api2', role: 'api', port: BASE_PORT + 1 },
  ];
  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.log('stopping the cluster');
    const running = children.filter((c) => c.exitCode === null);
    await Promise.all(
      running.map(
        (c) =>
          new Promise<void>((ok) => {
            c.once('exit', () => ok());
            c.kill('SIGTERM');
          }),
      ),
    );
    await embedded?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  // One at a time: the first runs the migrations and the seed, the others find them done.
  for (const m of members) {
    const child = spawn(process.execPath, [MAIN], { env: { ...shared, ROLE: m.role, PORT: String(m.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const prefix = (line: string) => (line ? `[${m.name}] ${line}\n` : '');
    child.stdout!.on('data', (d: Buffer) => process.stdout.write(d.toString().split('\n').map(prefix).join('')));
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(d.toString().split('\n').map(prefix).join('')));
    child.on('exit', (code) => {
      if (!stopping) {
        log.error(`${m.name} exited unexpectedly (code ${code}); stopping the cluster`);
        void stopAll(1);
      }
    });
    await waitReady(m.port, m.name, child);
    log.log(`${m.name} (ROLE=${m.role}) ready on http://127.0.0.1:${m.port}`);
  }
  log.log(`cluster up: api on ports ${BASE_PORT} and ${BASE_PORT + 1}, worker health on ${BASE_PORT + 2}; Ctrl-C stops it`);
}

main().catch((err: unknown) => {
  process.stderr.write(`cluster failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
