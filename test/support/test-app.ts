import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bootApp } from './boot';

export const ADMIN = { username: 'admin', password: 'admin-password-1' };

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors: { message: string; extensions?: { code?: string; [k: string]: unknown } }[] | undefined;
  body: unknown;
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test` (its global set-up provides one).');
  return url;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates an empty database of its own on the test server; returns its URL and a drop function. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `siranap_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(serverUrl(), name),
    drop: async () => {
      const c = new Client({ connectionString: serverUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export class TestApp {
  private constructor(
    readonly app: NestExpressApplication,
    readonly databaseUrl: string,
    readonly baseUrl: string,
    readonly schemaFile: string,
    private readonly cleanup: () => Promise<void>,
  ) {}

  /**
   * Boots the service on a database of its own. `connectVia` rewrites the database URL the
   * service uses (for example through a TcpProxy that a test cuts).
   */
  static async start(overrides: Record<string, string> = {}, connectVia?: (url: string) => string): Promise<TestApp> {
    const database = await createTestDatabase();
    let booted;
    try {
      booted = await bootApp(database.url, {
        env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...overrides },
        connectVia,
        schemaFile: true,
      });
    } catch (err) {
      await database.drop();
      throw err;
    }
    const { app, env, baseUrl } = booted;
    return new TestApp(app, database.url, baseUrl, env.GRAPHQL_SCHEMA_FILE, async () => {
      await booted.close();
      await database.drop();
    });
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  get http() {
    return this.app.getHttpServer();
  }

  async gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlResponse<T>> {
    const req = request(this.http).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return { status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body };
  }

  async login(username: string, password: string): Promise<string> {
    const res = await this.gql<{ login: { token: string } }>(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, {
      u: username,
      p: password,
    });
    if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
    return res.data.login.token;
  }

  adminToken(): Promise<string> {
    return this.login(ADMIN.username, ADMIN.password);
  }

  /** Creates a user with the given roles (and wards) and returns a token for them. */
  async userToken(roles: string[], wardIds: string[] = [], adminToken?: string): Promise<string> {
    const admin = adminToken ?? (await this.adminToken());
    const username = `u${randomBytes(5).toString('hex')}`;
    const password = 'password-123456';
    const res = await this.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username, password, roles, wardIds } }, admin);
    if (res.errors) throw new Error(`createUser failed: ${JSON.stringify(res.errors)}`);
    return this.login(username, password);
  }

  async close(): Promise<void> {
    await this.cleanup();
  }
}

/** The code of the first error, for compact assertions. */
export const errorCode = (res: GqlResponse): string | undefined => res.errors?.[0]?.extensions?.code;
