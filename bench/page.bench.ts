import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { createDatabase, fmt, log, median, nowMs, startInProcess } from './lib';
import { table, type BenchContext, type BenchReport } from './report';

const CHROMIUM = '/usr/bin/chromium';
/** A slow 3G link, as a phone outside the city may have. */
const THROTTLE = { offline: false, latency: 100, downloadThroughput: (750 * 1024) / 8, uploadThroughput: (250 * 1024) / 8 };
const GOAL_BYTES = 60 * 1024;
const GOAL_MS = 1500;

interface Fetched {
  path: string;
  bytes: number;
  gzip: number;
}

async function download(base: string, path: string): Promise<Fetched> {
  const body = Buffer.from(await (await fetch(base + path)).arrayBuffer());
  return { path, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
}

/**
 * From the navigation to the first card's count being visible (the first meaningful paint: the
 * numbers), the first contentful paint, and, with script, until the live channel confirmed.
 */
async function firstVisit(browser: Browser, url: string, script: boolean): Promise<{ counts: number; fcp: number; live: number }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: script });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', THROTTLE);
    const t = nowMs();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('[data-testid=available]').first().waitFor({ timeout: 60_000 });
    const counts = nowMs() - t;
    let live = NaN;
    if (script) {
      await page.locator('#connection[data-state=connected]').waitFor({ timeout: 60_000 });
      live = nowMs() - t;
    }
    const fcp = Number(await page.evaluate(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`));
    return { counts, fcp, live };
  } finally {
    await context.close();
  }
}

export async function pageBench(ctx: BenchContext): Promise<BenchReport> {
  const db = await createDatabase(ctx.serverUrl, 'page');
  const app = await startInProcess(db.url, { ...(ctx.redisUrl ? { REDIS_URL: ctx.redisUrl } : {}) });
  const rounds = ctx.quick ? 1 : 5;
  const times = { counts: [] as number[], fcp: [] as number[], live: [] as number[], noScript: [] as number[] };
  let files: Fetched[];
  let revalidation: { status: number; bytes: number };
  const measured = existsSync(CHROMIUM);
  try {
    files = await Promise.all(['/', '/style.css', '/app.js', '/vendor/graphql-ws.min.js'].map((p) => download(app.baseUrl, p)));
    const first = await fetch(`${app.baseUrl}/`);
    await first.arrayBuffer();
    const again = await fetch(`${app.baseUrl}/`, { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
    revalidation = { status: again.status, bytes: (await again.arrayBuffer()).byteLength };
    if (measured) {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
      try {
        for (let i = 0; i < rounds; i++) {
          const withScript = await firstVisit(browser, `${app.baseUrl}/`, true);
          times.counts.push(withScript.counts);
          times.fcp.push(withScript.fcp);
          times.live.push(withScript.live);
          times.noScript.push((await firstVisit(browser, `${app.baseUrl}/`, false)).counts);
          log(
            `page round ${i + 1}: counts ${fmt(withScript.counts, 0)} ms, live ${fmt(withScript.live, 0)} ms, without script ${fmt(times.noScript.at(-1)!, 0)} ms`,
          );
        }
      } finally {
        await browser.close();
      }
    } else log(`page: ${CHROMIUM} is missing; only the sizes are measured`);
  } finally {
    await app.close();
    await db.drop();
  }
  const kib = (n: number) => fmt(n / 1024, 1);
  const total = files.reduce((n, f) => n + f.bytes, 0);
  const totalGzip = files.reduce((n, f) => n + f.gzip, 0);
  const m = { counts: median(times.counts), fcp: median(times.fcp), live: median(times.live), noScript: median(times.noScript) };
  const markdown = [
    'The public page at `/` (rendered by the service from the demo seed) and the files it names, as the service sends them (gzip: what a compressing reverse proxy would send), and a first visit in Debian chromium on an emulated slow 3G link (`Network.emulateNetworkConditions`: 750 kbit/s down, 250 kbit/s up, 100 ms latency), nothing cached, phone viewport 390×844, medians of ' +
      `${rounds} round(s). Run alone with \`npm run bench -- --only=page\`.`,
    '',
    table(
      ['file', 'KiB', 'KiB gzip'],
      [
        ...files.map((f) => [f.path, kib(f.bytes), kib(f.gzip)]),
        ['**first visit**', `**${kib(total)}**`, `**${kib(totalGzip)}**`],
        [`revalidation (If-None-Match): HTTP ${revalidation.status}`, kib(revalidation.bytes), ''],
      ],
    ),
    '',
    measured
      ? table(
          ['first visit, slow 3G', 'median ms'],
          [
            ['first contentful paint', fmt(m.fcp, 0)],
            ['first meaningful paint: the counts visible', fmt(m.counts, 0)],
            ['live channel confirmed', fmt(m.live, 0)],
            ['script off: the counts visible', fmt(m.noScript, 0)],
          ],
        )
      : `Not measured: ${CHROMIUM} is missing.`,
  ].join('\n');
  return {
    title: 'Public page',
    markdown,
    summary: measured
      ? `public page: ${kib(total)} KiB (${kib(totalGzip)} KiB gzip) on a first visit; on slow 3G the counts in ${fmt(m.counts, 0)} ms (FCP ${fmt(m.fcp, 0)} ms), live in ${fmt(m.live, 0)} ms`
      : `public page: ${kib(total)} KiB (${kib(totalGzip)} KiB gzip); render not measured`,
    goals: [
      {
        goal: `Public page: a first visit downloads ≤ ${GOAL_BYTES / 1024} KiB and shows the counts within ${GOAL_MS / 1000} s on slow 3G`,
        met: measured ? total <= GOAL_BYTES && m.counts <= GOAL_MS : null,
        detail: `${kib(total)} KiB; ${measured ? `counts ${fmt(m.counts, 0)} ms, live ${fmt(m.live, 0)} ms` : 'render not measured'}`,
        limits:
          'the counts are in the HTML, so they wait only for the page and its stylesheet (two round trips and the bytes); the scripts load deferred and do not hold the paint back',
      },
    ],
  };
}
