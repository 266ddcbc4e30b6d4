import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { TestApp } from './support/test-app';

// Debian's chromium, driven by playwright-core (no downloaded browser). CI installs it when it can.
const CHROMIUM = '/usr/bin/chromium';
const canRun = existsSync(CHROMIUM);
const suite = canRun ? describe : describe.skip;
if (!canRun) process.stdout.write(`[availability-page] skipped: ${CHROMIUM} is missing (apt-get install -y chromium)\n`);

interface Counts {
  wardId: string;
  wardName: string;
  bedClass: string;
  available: number;
}

suite('the public live page', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await TestApp.start();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the seeded counts, then a change without reload, on a phone-sized screen, with nothing from outside', async () => {
    const res = await t.gql<{ availability: Counts[] }>(`{ availability(hospitalCode: "RSUD-SKLERIK") { wardId wardName bedClass available } }`);
    const wards = res.data!.availability;
    const ward = wards.find((w) => w.available > 0)!;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'id-ID' });
    const origins = new Set<string>();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    // The page runs under the service's Content-Security-Policy: nothing of it may be refused.
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });

    await page.goto(`${t.baseUrl}/`);
    // Locators, not waitForFunction: the page's CSP forbids the eval that a string predicate needs.
    await page
      .locator('[data-testid=ward]')
      .nth(wards.length - 1)
      .waitFor();
    expect(await page.locator('[data-testid=ward]').count()).toBe(wards.length);
    await page.waitForSelector('#connection[data-state=connected]');
    await expect(page.textContent('h1')).resolves.toBe('RSUD S.K. Lerik');
    await expect(page.textContent('#hospital-phone')).resolves.toBe('081339010000');
    await expect(page.isVisible('#demo')).resolves.toBe(true);
    await expect(page.textContent('#demo')).resolves.toMatch(/^Data contoh/);
    const card = page.locator(`[data-key="${ward.wardId}/${ward.bedClass}"]`);
    await expect(card.locator('[data-testid=available]').textContent()).resolves.toBe(String(ward.available));
    await expect(card.locator('.name').textContent()).resolves.toBe(ward.wardName);
    await page.evaluate('window.notReloaded = true');

    const admin = await t.adminToken();
    const beds = await t.gql<{ beds: { edges: { node: { id: string; version: number } }[] } }>(
      `query($w: ID!) { beds(filter: { wardId: $w, status: AVAILABLE }, first: 1) { edges { node { id version } } } }`,
      { w: ward.wardId },
      admin,
    );
    const bed = beds.data!.beds.edges[0].node;
    const changed = await t.gql(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { id } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, status: 'RESERVED', reason: 'uji halaman' } },
      admin,
    );
    expect(changed.errors).toBeUndefined();

    const started = Date.now();
    await card
      .locator('[data-testid=available]')
      .filter({ hasText: new RegExp(`^${ward.available - 1}$`) })
      .waitFor({ timeout: 10000 });
    process.stdout.write(`[availability-page] the page showed the new count ${Date.now() - started} ms after the mutation returned\n`);
    await expect(page.evaluate('window.notReloaded')).resolves.toBe(true);
    await expect(page.textContent('#updated')).resolves.not.toBe('–');
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect([...origins]).toEqual([t.baseUrl]);
    expect(cspViolations).toEqual([]);
    await page.close();
  });
});
