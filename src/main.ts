import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createApp } from './app.factory';
import { LiveConnections } from './live/live-connections';
import { HttpDrain } from './common/http-drain';
import { JsonLogger } from './common/json-logger';
import { adminPasswordProblem } from './auth/password-policy';
import { AppConfig } from './config/app-config';
import { EnvironmentError, loadEnvironment, type Environment } from './config/environment';
import { StartupError } from './database/data-dir-lock';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './database/embedded-postgres';

/** Outside production, a signing secret is generated once and kept with the local data. */
async function localSecret(env: Environment): Promise<string> {
  const file = resolve(env.DATA_DIR, 'jwt-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(resolve(env.DATA_DIR), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  return secret;
}

async function main(): Promise<void> {
  let env: Environment;
  try {
    env = loadEnvironment();
    // The strength of ADMIN_PASSWORD is auth's rule, so config does not check it itself.
    const weak = adminPasswordProblem(env.ADMIN_USERNAME, env.ADMIN_PASSWORD);
    if (weak) throw new EnvironmentError(`Invalid configuration:\n  - ${weak}`);
  } catch (err) {
    if (err instanceof EnvironmentError) {
      process.stderr.write(`${err.message}\nSee the configuration table in README.md.\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = new JsonLogger(env.LOG_LEVEL);
  const bootLog = { log: (msg: string) => logger.log(msg, 'Boot'), error: (msg: string) => logger.error(msg, 'Boot') };

  let embedded: EmbeddedPostgresHandle | undefined;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(env.DATA_DIR, env.EMBEDDED_PG_PORT, bootLog);
    databaseUrl = embedded.url;
  }
  const jwtSecret = env.JWT_SECRET ?? (await localSecret(env));
  const app = await createApp(new AppConfig(env, databaseUrl, jwtSecret), logger);
  const drain = new HttpDrain(app.getHttpServer() as Server);
  await app.listen(env.PORT);
  const url = `http://localhost:${env.PORT}`;
  logger.log({ msg: `SI-RANAP listening on ${url} (GraphQL at ${url}/graphql)`, role: env.ROLE, port: env.PORT }, 'Boot');

  // Graceful shutdown: stop accepting, let in-flight requests and jobs finish, close
  // WebSockets and pools; a second signal or the deadline forces the exit.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ msg: 'second signal: exiting now', signal }, 'Boot');
      process.exit(1);
    }
    stopping = true;
    logger.log({ msg: 'shutting down', signal, deadlineMs: env.SHUTDOWN_TIMEOUT_MS }, 'Boot');
    setTimeout(() => {
      logger.error({ msg: 'shutdown deadline passed: exiting with work unfinished' }, 'Boot');
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS).unref();
    // HTTP first: stop accepting, end keep-alive connections after their current answer, and
    // let in-flight requests finish while every module still runs (Nest's own close stops
    // GraphQL before the server).
    const closed = drain.drain();
    // Open WebSockets would keep the server from closing. A worker serves none and has no
    // LiveConnections; asking Nest for it there would log an error on every shutdown.
    if (env.ROLE !== 'worker') app.get(LiveConnections, { strict: false }).closeAll();
    await closed;
    await app.close();
    await embedded?.stop();
    logger.log({ msg: 'stopped' }, 'Boot');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  // A StartupError's message is the whole story; anything else gets its stack; a non-Error
  // (a rejection with nothing) is said so rather than printed as "undefined".
  const why =
    err instanceof StartupError
      ? err.message
      : err instanceof Error
        ? (err.stack ?? err.message)
        : `an error without detail (${JSON.stringify(err) ?? String(err)})`;
  process.stderr.write(`SI-RANAP failed to start: ${why}\n`);
  process.exit(1);
});
