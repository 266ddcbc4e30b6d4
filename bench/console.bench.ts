import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ADMIN, createDatabase, fmt, log, median, nowMs, ROOT, startInProcess } from './lib';
import { table, type BenchContext, type BenchReport } from './report';

const CHROMIUM = '/usr/bin/chromium';
/** A slow 3G link, as a ward's tablet on the hospital's Wi-Fi or a phone outside may have. */
const THROTTLE = { offline: false, latency: 100, downloadThroughput: (750 * 1024) / 8, uploadThroughput: (250 * 1024) / 8 };
const GOAL_BYTES = 100 * 1024;
const GOAL_MS = 2000;

interface Asset {
  file: string;
  bytes: number;
  gzip: number;
}

function asset(path: string): Asset {
  const body = readFileSync(path);
  return { file: path.slice(ROOT.length + 1), bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
}

/** What a first visit downloads: the page and the files it names. */
function pageAssets(html: string, files: (name: string) => string): Asset[] {
  const text = readFileSync(html, 'utf8');
  const named = [...text.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => files(m[1]));
  return [asset(html), ...named.map(asset)];
}

/** A fresh browser context on the throttled link: nothing cached. */
async function throttledPage(browser: Browser, session?: { token: string; expiresAt: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  if (session) await context.addInitScript(`sessionStorage.setItem('siranap.session', ${JSON.stringify(JSON.stringify(session))})`);
  return page;
}

/** From the navigation to the selector being visible, in ms; the page's first contentful paint too. */
async function firstRender(
  browser: Browser,
  url: string,
  selector: string,
  session?: { token: string; expiresAt: string },
): Promise<{ ms: number; fcp: number }> {
  const page = await throttledPage(browser, session);
  try {
    const t = nowMs();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator(selector).first().waitFor({ timeout: 60_000 });
    const ms = nowMs() - t;
    const fcp = Number(await page.evaluate(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`));
    return { ms, fcp };
  } finally {
    await page.context().close();
  }
}

export async function consoleBench(ctx: BenchContext): Promise<BenchReport> {
  const stafHtml = join(ROOT, 'dist/web/staf/index.html');
  if (!existsSync(stafHtml)) throw new Error('dist/web/staf is missing: npm run build first');
  const staf = pageAssets(stafHtml, (f) => join(ROOT, 'dist/web', f));
  const sum = (list: Asset[], k: 'bytes' | 'gzip') => list.reduce((n, a) => n + a[k], 0);
  const kib = (n: number) => fmt(n / 1024, 1);
  const sizeRows = [
    ...staf.map((a) => [`console: ${a.file}`, kib(a.bytes), kib(a.gzip)]),
    ['**console, first visit**', `**${kib(sum(staf, 'bytes'))}**`, `**${kib(sum(staf, 'gzip'))}**`],
  ];
  const bytesMet = sum(staf, 'bytes') <= GOAL_BYTES;

  const rounds = ctx.quick ? 1 : 5;
  const times = { login: [] as number[], loginFcp: [] as number[], beds: [] as number[], pub: [] as number[] };
  let measured = existsSync(CHROMIUM);
  if (measured) {
    const db = await createDatabase(ctx.serverUrl, 'console');
    const app = await startInProcess(db.url, { ...(ctx.redisUrl ? { REDIS_URL: ctx.redisUrl } : {}) });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const res = await fetch(`${app.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt } }`,
          variables: { u: ADMIN.username, p: ADMIN.password },
        }),
      });
      const session = ((await res.json()) as { data: { login: { token: string; expiresAt: string } } }).data.login;
      for (let i = 0; i < rounds; i++) {
        const login = await firstRender(browser, `${app.baseUrl}/staf/`, 'input[name=username]');
        times.login.push(login.ms);
        times.loginFcp.push(login.fcp);
        // Logged in already (the tab's session): the first ward's beds, read live over graphql-ws.
        times.beds.push((await firstRender(browser, `${app.baseUrl}/staf/`, '[data-testid=bed]', session)).ms);
        times.pub.push((await firstRender(browser, `${app.baseUrl}/`, '[data-testid=ward]')).ms);
        log(`console round ${i + 1}: login form ${fmt(login.ms, 0)} ms, beds ${fmt(times.beds.at(-1)!, 0)} ms, public page ${fmt(times.pub.at(-1)!, 0)} ms`);
      }
    } finally {
      await browser.close();
      await app.close();
      await db.drop();
    }
  } else {
    log(`console: ${CHROMIUM} is missing; only the sizes are measured`);
    measured = false;
  }
  const m = { login: median(times.login), fcp: median(times.loginFcp), beds: median(times.beds), pub: median(times.pub) };
  const markdown = [
    'What the ward console at `/staf` downloads on a first visit (the service sends the files as they are; the gzip column is what a compressing reverse proxy would send), and how long a first visit takes in Debian chromium on an emulated slow 3G link (Chrome DevTools `Network.emulateNetworkConditions`: 750 kbit/s down, 250 kbit/s up, 100 ms latency), nothing cached, tablet viewport 800×1280, medians of ' +
      `${rounds} round(s). Baseline: the public page at \`/\` on the same link (its sizes: the page section). Run alone with \`npm run bench -- --only=console\`.`,
    '',
    table(['file', 'KiB', 'KiB gzip'], sizeRows),
    '',
    measured
      ? table(
          ['first visit, slow 3G', 'median ms'],
          [
            ['console: login form visible', fmt(m.login, 0)],
            ['console: first contentful paint', fmt(m.fcp, 0)],
            ['console, logged in: the ward’s beds visible (me, wards, WebSocket, bedChanged)', fmt(m.beds, 0)],
            ['public page (baseline): first ward card visible', fmt(m.pub, 0)],
          ],
        )
      : `Not measured: ${CHROMIUM} is missing.`,
  ].join('\n');
  return {
    title: 'Ward console',
    markdown,
    summary: measured
      ? `ward console: ${kib(sum(staf, 'bytes'))} KiB (${kib(sum(staf, 'gzip'))} KiB gzip) on a first visit; on slow 3G the login form in ${fmt(m.login, 0)} ms, a logged-in nurse's beds in ${fmt(m.beds, 0)} ms (public page ${fmt(m.pub, 0)} ms)`
      : `ward console: ${kib(sum(staf, 'bytes'))} KiB (${kib(sum(staf, 'gzip'))} KiB gzip); render not measured`,
    goals: [
      {
        goal: `Ward console: a first visit downloads ≤ ${GOAL_BYTES / 1024} KiB and shows the login form within ${GOAL_MS / 1000} s on slow 3G`,
        met: measured ? bytesMet && m.login <= GOAL_MS : null,
        detail: `${kib(sum(staf, 'bytes'))} KiB; ${measured ? `login form ${fmt(m.login, 0)} ms, beds ${fmt(m.beds, 0)} ms (public page ${fmt(m.pub, 0)} ms)` : 'render not measured'}`,
        limits:
          'the link: at 750 kbit/s every 10 KiB costs about 110 ms, and a first visit makes three round trips of 100 ms before the script runs (page, then script and stylesheet); the bundle is mostly Preact, graphql-ws and the console itself (operations travel as strings, no GraphQL parser). The beds need three more round trips (me, wards, the WebSocket and its first messages)',
      },
    ],
  };
}
