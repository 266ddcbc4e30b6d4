import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ERROR_TEXT } from '../web/src/shared/messages';
import { TestApp } from './support/test-app';

// The admin page at /admin in Debian's chromium (playwright-core, as the other page tests): a
// hospital sets itself up on an empty production database while its public page is open.
// SCREENSHOT=1 also writes docs/admin-page.png (the import preview) for the README.
const CHROMIUM = '/usr/bin/chromium';
const BUILT = 'dist/web/admin/index.html';
const canRun = existsSync(CHROMIUM) && existsSync(BUILT);
const suite = canRun ? describe : describe.skip;
if (!canRun) process.stdout.write(`[admin-page] skipped: needs ${CHROMIUM} (apt-get install -y chromium) and ${BUILT} (npm run build)\n`);

const HEADER = 'ward_code;ward_name;room_code;room_sex_policy;bed_code;bed_class';
const GOOD =
  [
    HEADER,
    'MAW;Mawar;K1;MALE;MAW-1;KELAS_3',
    'MAW;Mawar;K1;MALE;MAW-2;KELAS_3',
    'MAW;Mawar;K2;FEMALE;MAW-3;KELAS_3',
    'MEL;Melati;K1;MIXED;MEL-1;KELAS_1',
    'MEL;Melati;K1;MIXED;MEL-2;KELAS_1',
  ].join('\n') + '\n';
const BAD = GOOD.replace('MAW-3;KELAS_3', 'MAW-3;KELAS_9');
const csv = (text: string) => ({ name: 'tempat-tidur.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + text, 'utf8') });

suite('the admin page', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const origins = new Set<string>();

  beforeAll(async () => {
    t = await TestApp.start({
      NODE_ENV: 'production',
      JWT_SECRET: 'a'.repeat(48),
      PUBLIC_BASE_URL: 'https://rs.example.go.id',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function open(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  }
  async function login(page: Page, username: string, password: string): Promise<void> {
    await page.goto(`${t.baseUrl}/admin/`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
  }

  it('sets a hospital up: profile, import after its preview, a new hotline the open public page shows, users', async () => {
    const admin = await open();
    await login(admin, 'admin', 'admin-password-1');

    // An empty database: the profile screen creates the hospital.
    await admin.getByRole('heading', { name: 'Buat rumah sakit' }).waitFor();
    await admin.getByLabel('Kode rumah sakit').fill('RS-UJI');
    await admin.getByLabel('Nama', { exact: true }).fill('RSUD Uji Kupang');
    await admin.getByLabel('Alamat').fill('Jl. Uji 1, Kupang');
    await admin.getByLabel('Hotline untuk masyarakat').fill('0380 111111');
    await admin.getByRole('button', { name: 'Simpan profil' }).click();
    await admin.getByTestId('saved').waitFor();

    const pub = await open();
    await pub.goto(`${t.baseUrl}/`);
    await pub.locator('[data-hospital="RS-UJI"] [data-f="phone"]', { hasText: '0380 111111' }).waitFor();
    await pub.evaluate(() => ((globalThis as unknown as { stayed: boolean }).stayed = true));

    // A bad class on line 4: the line, the column and the allowed classes, in Indonesian; nothing changed.
    await admin.getByRole('button', { name: 'Impor CSV' }).click();
    await admin.getByLabel('Berkas CSV').setInputFiles(csv(BAD));
    await admin.getByRole('button', { name: 'Periksa (pratinjau)' }).click();
    const bad = admin.getByTestId('problems').locator('tbody tr');
    await bad.first().waitFor();
    expect(await bad.count()).toBe(1);
    expect(await bad.locator('td').nth(0).textContent()).toBe('Baris 4');
    expect(await bad.locator('td').nth(1).textContent()).toBe('bed_class (kelas tempat tidur)');
    expect(await bad.locator('td').nth(2).textContent()).toContain('Isian kelas tempat tidur tidak diterima. Yang diizinkan: VVIP, VIP, KELAS_1');
    expect(await admin.getByTestId('import-error').textContent()).toContain('tidak ada yang diubah');
    expect(await admin.getByRole('button', { name: 'Terapkan impor' }).isDisabled()).toBe(true);

    // The right file: its preview first, then applied.
    await admin.getByLabel('Berkas CSV').setInputFiles(csv(GOOD));
    await admin.getByRole('button', { name: 'Periksa (pratinjau)' }).click();
    const preview = admin.getByTestId('preview');
    await preview.waitFor();
    expect(
      await preview
        .getByRole('row', { name: /Tempat tidur/ })
        .locator('td')
        .allTextContents(),
    ).toEqual(['5', '0', '0', '0', '0']);
    expect(await preview.getByRole('row', { name: /Kamar/ }).locator('td').first().textContent()).toBe('3');
    expect((await t.gql<{ availability: unknown[] }>('{ availability { wardId } }')).data!.availability).toEqual([]);
    if (process.env.SCREENSHOT === '1') await admin.screenshot({ path: 'docs/admin-page.png', fullPage: true });
    await admin.getByRole('button', { name: 'Terapkan impor' }).click();
    await admin.getByTestId('result').waitFor();
    expect(await admin.getByTestId('result').getByRole('status').textContent()).toContain('Impor diterapkan: 5 tempat tidur baru');
    await pub.locator('[data-testid=ward]').nth(1).waitFor();

    // The same file again changes nothing.
    await admin.getByLabel('Berkas CSV').setInputFiles(csv(GOOD));
    await admin.getByRole('button', { name: 'Periksa (pratinjau)' }).click();
    await admin.getByTestId('preview').getByText('tidak ada yang akan diubah').waitFor();

    // A new hotline: the open public page shows it without a reload.
    await admin.getByRole('button', { name: 'Profil rumah sakit' }).click();
    await admin.getByLabel('Hotline untuk masyarakat').fill('0380 222333');
    await admin.getByRole('button', { name: 'Simpan profil' }).click();
    await admin.getByTestId('saved').waitFor();
    await pub.locator('[data-hospital="RS-UJI"] [data-f="phone"]', { hasText: '0380 222333' }).waitFor({ timeout: 10_000 });
    expect(await pub.locator('[data-hospital="RS-UJI"] [data-f="phone"]').getAttribute('href')).toBe('tel:0380222333');
    expect(await pub.evaluate(() => (globalThis as unknown as { stayed?: boolean }).stayed)).toBe(true);

    // A refused hotline is explained in Indonesian and changes nothing.
    await admin.getByLabel('Hotline untuk masyarakat').fill('telepon');
    await admin.getByRole('button', { name: 'Simpan profil' }).click();
    expect(await admin.getByTestId('error').textContent()).toContain('Nomor hotline: 5–40 angka');

    // Beds: retire one, its history stays; reopen it.
    await admin.getByRole('button', { name: 'Ruangan, kamar, tempat tidur' }).click();
    await admin
      .getByTestId('wards')
      .getByRole('listitem')
      .filter({ has: admin.getByRole('form', { name: 'Ruangan Mawar' }) })
      .getByRole('button', { name: /Kamar/ })
      .click();
    await admin.getByTestId('rooms').getByRole('listitem').first().getByRole('button', { name: 'Tempat tidur' }).click();
    const bed = admin.getByRole('form', { name: 'Tempat tidur MAW-1' });
    await bed.getByRole('button', { name: 'Nonaktifkan' }).click();
    await bed.getByRole('button', { name: 'Aktifkan kembali' }).waitFor();
    await bed.getByRole('button', { name: 'Aktifkan kembali' }).click();
    await bed.getByRole('button', { name: 'Nonaktifkan' }).waitFor();

    // The audit trail names the admin and the hotline change.
    await admin.getByRole('button', { name: 'Jejak perubahan' }).click();
    await admin.getByTestId('audit').getByText('phone: 0380 111111 → 0380 222333').waitFor();

    // A user created on the page logs in; a reset password is shown once and works once.
    await admin.getByRole('button', { name: 'Pengguna' }).click();
    await admin.getByLabel('Nama pengguna').fill('perawat.mawar');
    await admin.getByLabel('Kata sandi awal').fill('mawar-sandi-2026-kuat');
    const newUser = admin.getByRole('form', { name: 'Pengguna baru' });
    await newUser.getByLabel('Petugas ruangan').check();
    await newUser.getByLabel('Mawar').check();
    await admin.getByRole('button', { name: 'Buat pengguna' }).click();
    await admin.getByTestId('user-created').waitFor();
    const nurse = await t.login('perawat.mawar', 'mawar-sandi-2026-kuat');
    const me = await t.gql<{ me: { roles: string[]; wardIds: string[] } }>('{ me { roles wardIds } }', {}, nurse);
    expect(me.data!.me.roles).toEqual(['WARD_STAFF']);
    expect(me.data!.me.wardIds).toHaveLength(1);

    const row = admin.getByRole('form', { name: 'Pengguna perawat.mawar' });
    await row.getByRole('button', { name: 'Reset kata sandi' }).click();
    const temporary = (await row.getByTestId('temporary-password').locator('code').textContent())!;
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    await t.login('perawat.mawar', temporary);

    expect(problems).toEqual([]);
    expect([...origins]).toEqual([t.baseUrl]);
  });

  it('refuses a non-admin the page’s data, in Indonesian', async () => {
    const token = await t.adminToken();
    await t.gql(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { username: 'auditor.satu', password: 'auditor-sandi-2026', roles: ['AUDITOR'] } },
      token,
    );
    const page = await open();
    await login(page, 'auditor.satu', 'auditor-sandi-2026');
    const refused = page.getByTestId('refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Halaman admin hanya untuk pengguna dengan peran ADMIN');
    expect(await refused.textContent()).not.toContain(ERROR_TEXT.FORBIDDEN);
    expect(await page.getByRole('button', { name: 'Simpan profil' }).count()).toBe(0);
  });
});
