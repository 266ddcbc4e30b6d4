import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import request from 'supertest';
import { TestApp } from './support/test-app';

// The GraphQL explorer is served by the service itself (no CDN), outside production only.
const CHROMIUM = '/usr/bin/chromium';
const BUILT = existsSync('dist/web/graphiql/index.html');

(BUILT ? describe : describe.skip)('the GraphQL explorer', () => {
  let dev: TestApp;
  let prod: TestApp;
  beforeAll(async () => {
    [dev, prod] = await Promise.all([
      TestApp.start(),
      TestApp.start({ NODE_ENV: 'production', JWT_SECRET: 'e'.repeat(40), PUBLIC_BASE_URL: 'https://siranap.rs.test' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([dev?.close(), prod?.close()]);
  });

  it('a browser opening /graphql gets GraphiQL from this service, under the strict policy; GraphQL clients are not affected', async () => {
    const page = await request(dev.http).get('/graphql').set('accept', 'text/html,application/xhtml+xml');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<script type="module" src="\/graphiql\/app-[A-Z0-9]+\.js">/);
    expect(page.text).not.toMatch(/https?:\/\//);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unpkg/);
    const schema = await request(dev.http).get('/graphiql/schema.graphql');
    expect(schema.text).toMatch(/^type Query \{/m);
    // A GET with a query, and a POST, are GraphQL as before.
    const get = await request(dev.http).get('/graphql').query({ query: '{ hospitals { code } }' }).set('apollo-require-preflight', 'true');
    expect(get.body.data.hospitals[0].code).toBe('RSUD-SKLERIK');
  });

  (existsSync(CHROMIUM) ? it : it.skip)(
    'renders in chromium with nothing from outside and no policy violation',
    async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
      try {
        const page = await browser.newPage();
        const origins = new Set<string>();
        const problems: string[] = [];
        page.on('request', (r) => origins.add(new URL(r.url()).origin));
        page.on('console', (m) => /Content Security Policy/i.test(m.text()) && problems.push(m.text()));
        page.on('pageerror', (e) => problems.push(e.message));
        await page.goto(`${dev.baseUrl}/graphql`);
        await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });
        expect([...origins]).toEqual([dev.baseUrl]);
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );

  it('is off in production: no page, no schema', async () => {
    const page = await request(prod.http).get('/graphql').set('accept', 'text/html');
    expect(page.text).not.toMatch(/graphiql/i);
    expect((await request(prod.http).get('/graphiql/schema.graphql')).status).toBe(404);
  });
});
