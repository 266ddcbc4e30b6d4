import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { JsonLogger } from '../../src/common/json-logger';
import { AppConfig } from '../../src/config/app-config';
import { loadEnvironment, type Environment } from '../../src/config/environment';

// The one in-process boot of the service for the e2e tests, the replica tests and the
// benchmarks (bench/ compiles this file too, so it imports nothing from jest).

export interface BootOptions {
  /** Variables over the defaults (NODE_ENV test, LOG_LEVEL error, a DATA_DIR of its own). */
  env?: Record<string, string>;
  /** Replicas of one service share it, so a token works on all; random by default. */
  jwtSecret?: string;
  /** Rewrites the database URL the service connects to (for example through a TcpProxy). */
  connectVia?: (url: string) => string;
  /** Writes the GraphQL schema into the data folder (schema.gql) instead of keeping it in memory. */
  schemaFile?: boolean;
  /** Listen on a free port of 127.0.0.1 (default true). */
  listen?: boolean;
  /** Modules added to the service's own (routes of a test). */
  modules?: Type[];
}

export interface BootedApp {
  app: NestExpressApplication;
  env: Environment;
  /** http://127.0.0.1:<port>, or '' when not listening. */
  baseUrl: string;
  dataDir: string;
  /** Closes the app and removes its data folder. */
  close(): Promise<void>;
}

export async function bootApp(databaseUrl: string, options: BootOptions = {}): Promise<BootedApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'siranap-app-'));
  try {
    const env = loadEnvironment({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      GRAPHQL_SCHEMA_FILE: options.schemaFile ? join(dataDir, 'schema.gql') : '',
      LOG_LEVEL: 'error',
      ...options.env,
    });
    const url = options.connectVia ? options.connectVia(databaseUrl) : databaseUrl;
    const app = await createApp(new AppConfig(env, url, options.jwtSecret ?? randomBytes(32).toString('hex')), new JsonLogger(env.LOG_LEVEL), options.modules);
    // Taken now, so a caller may replace app.close with close() below (ledger-support does).
    const closeApp = app.close.bind(app);
    let baseUrl = '';
    if (options.listen !== false) {
      await app.listen(0, '127.0.0.1');
      baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    }
    return {
      app,
      env,
      baseUrl,
      dataDir,
      close: async () => {
        await closeApp();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
