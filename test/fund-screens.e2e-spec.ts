import ExcelJS from 'exceljs';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { BALANCE, seededFundId } from './ledger-support';
import { errorCode, TestApp } from './support/test-app';

// The fund screens at /dana in Debian's chromium (playwright-core, as the ward console test): a
// claim from an admission with its PDF, verified for less than held, paid under an SP2D while the
// auditor's chart moves, the XLSX the auditor downloads, and the separation of duties on screen.
const CHROMIUM = '/usr/bin/chromium';
const BUILT = 'dist/web/dana/index.html';
const canRun = existsSync(CHROMIUM) && existsSync(BUILT);
const suite = canRun ? describe : describe.skip;
if (!canRun) process.stdout.write(`[fund-screens] skipped: needs ${CHROMIUM} (apt-get install -y chromium) and ${BUILT} (npm run build)\n`);

const PASSWORD = 'password-123456';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nresume medis IGD\n%%EOF\n');
const SP2D = '0042/SP2D/LS/2026';

suite('the fund screens', () => {
  let t: TestApp;
  let admin: string;
  let fundId: string;
  let browser: Browser;
  let ward: { id: string; name: string };
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const origins = new Set<string>();
  const ids: Record<string, string> = {};

  const gql = async <T>(query: string, variables: Record<string, unknown>, token = admin): Promise<T> => {
    const res = await t.gql<T>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  async function user(username: string, roles: string[]): Promise<void> {
    const { createUser } = await gql<{ createUser: { id: string } }>(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: { username, password: PASSWORD, roles: [roles[0]], wardIds: [] },
    });
    ids[username] = createUser.id;
    // An older account holding two duties (set in the database, as the duties test does): the
    // screens must keep the per-claim rule all the same.
    if (roles.length > 1) await t.db.query(`UPDATE users SET roles = $2 WHERE id = $1`, [createUser.id, roles]);
  }
  async function admit(mrn: string): Promise<void> {
    const [bed]: { id: string; version: number }[] = await t.db.query(
      `SELECT id, version FROM beds WHERE status = 'AVAILABLE' AND ward_id = $1 AND retired_at IS NULL ORDER BY code LIMIT 1`,
      [ward.id],
    );
    await gql(`mutation($i: AdmitPatientInput!) { admitPatient(input: $i) { id } }`, {
      i: { bedId: bed.id, expectedVersion: bed.version, medicalRecordNumber: mrn, emergency: true, payerStatus: 'NO_BPJS' },
    });
  }
  async function open(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'id-ID', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${t.baseUrl}/dana/`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.locator('[data-testid=balances]').waitFor();
    return page;
  }
  async function submitFromScreen(page: Page, mrn: string, amount: string): Promise<void> {
    await page.getByLabel('Ruangan').selectOption(ward.id);
    await page.locator(`[data-testid=admission][data-mrn="${mrn}"]`).click();
    await page.getByLabel('Nama pasien').fill('Yohanes Lake');
    await page.getByLabel('Jumlah klaim (Rp)').fill(amount);
    await page.getByLabel(/Dokumen bukti/).setInputFiles({ name: 'resume.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Ajukan klaim' }).click();
  }
  const claimOf = async (mrn: string) =>
    (
      await t.db.query(
        `SELECT id, status, held_amount::text AS held, verified_amount::text AS verified, paid_amount::text AS paid, sp2d_number FROM claims WHERE medical_record_number = $1`,
        [mrn],
      )
    )[0] as { id: string; status: string; held: string; verified: string | null; paid: string; sp2d_number: string | null };
  const balance = async () =>
    (await gql<{ fundBalance: { available: string; held: string; paid: string } }>(BALANCE, { f: fundId, at: null }, await t.login('auditor', PASSWORD)))
      .fundBalance;

  beforeAll(async () => {
    t = await TestApp.start({ RATE_LIMIT_LOGIN_PER_MINUTE: '1000' });
    admin = await t.adminToken();
    ward = (await gql<{ hospital: { wards: { id: string; name: string }[] } }>(`{ hospital(code: "RSUD-SKLERIK") { wards { id name } } }`, {})).hospital
      .wards[0];
    await user('admisi', ['ADMISSIONS']);
    await user('inspektorat', ['VERIFIER']);
    await user('bpkad', ['FINANCE']);
    await user('auditor', ['AUDITOR']);
    await user('ganda', ['ADMISSIONS', 'VERIFIER']);
    await admit('RM-DANA-1');
    await admit('RM-DANA-2');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
  });

  it("city finance opens the year's fund from its screen when the year has none", async () => {
    const page = await open('bpkad');
    const form = page.locator('[data-testid=open-fund]');
    await form.waitFor();
    await form.getByLabel('Pagu (rupiah)').fill('3,5');
    await form.getByRole('button', { name: 'Buka dana' }).click();
    await expect(form.locator('[data-testid=refusal]').textContent()).resolves.toMatch(/rupiah utuh/);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM funds`))[0].n).toBe(1);
    await form.getByLabel('Pagu (rupiah)').fill('3.000.000.000');
    await form.getByRole('button', { name: 'Buka dana' }).click();
    await page.locator('[data-testid=available]', { hasText: 'Rp3.000.000.000' }).waitFor();
    await form.waitFor({ state: 'detached' });
    fundId = await seededFundId(t);
    const [opened]: { name: string; ceiling: string }[] = await t.db.query(`SELECT name, ceiling::text FROM funds WHERE id = $1`, [fundId]);
    expect(opened).toEqual({ name: expect.stringMatching(/^Dana pengaman kegawatdaruratan \d{4}$/), ceiling: '3000000000' });
  });

  it('ADMISSIONS submits a claim from an admission with a PDF and follows it to HELD; no verifying is offered', async () => {
    const page = await open('admisi');
    await expect(page.getByRole('button', { name: 'Verifikasi (Inspektorat)' }).count()).resolves.toBe(0);
    await submitFromScreen(page, 'RM-DANA-1', 'Rp 5.000.000');
    const card = page.locator('[data-testid=own-claim]').first();
    await card.locator('[data-status=HELD]').first().waitFor({ timeout: 15000 });
    await card.getByText('resume.pdf').waitFor();
    await card.getByText('Rp5.000.000').first().waitFor();
    const claim = await claimOf('RM-DANA-1');
    expect(claim).toMatchObject({ status: 'HELD', held: '5000000' });
    const docs: { media_type: string; byte_size: number }[] = await t.db.query(`SELECT media_type, byte_size FROM claim_documents WHERE claim_id = $1`, [
      claim.id,
    ]);
    expect(docs).toEqual([{ media_type: 'application/pdf', byte_size: PDF.length }]);
    // The admission's facts went with the claim.
    const [row]: { admission_id: string | null; emergency: boolean }[] = await t.db.query(`SELECT admission_id, emergency FROM claims WHERE id = $1`, [
      claim.id,
    ]);
    expect(row.admission_id).not.toBeNull();
    expect(row.emergency).toBe(true);
  });

  it('the VERIFIER downloads the evidence and verifies less than held; the rest goes back to the fund', async () => {
    const page = await open('inspektorat');
    await expect(page.getByRole('button', { name: 'Ajukan klaim' }).count()).resolves.toBe(0);
    const card = page.locator('[data-testid=queue-claim][data-mrn="RM-DANA-1"]');
    await card.waitFor();
    const [saved] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Unduh resume.pdf' }).click()]);
    expect(saved.suggestedFilename()).toBe('resume.pdf');
    expect(readFileSync((await saved.path())!)).toEqual(PDF);

    // More than held is refused on the screen, before anything is sent.
    await card.getByLabel('Jumlah yang diverifikasi (Rp)').fill('9.000.000');
    await card.getByRole('button', { name: 'Verifikasi sebagian' }).click();
    await card.locator('[data-testid=refusal]').getByText('Paling banyak sebesar yang dicadangkan, Rp5.000.000.').waitFor();
    expect((await claimOf('RM-DANA-1')).status).toBe('HELD');

    const before = await balance();
    await card.getByLabel('Jumlah yang diverifikasi (Rp)').fill('3.500.000');
    await card.getByRole('button', { name: 'Verifikasi sebagian' }).click();
    await card.waitFor({ state: 'detached', timeout: 10000 });
    expect(await claimOf('RM-DANA-1')).toMatchObject({ status: 'VERIFIED', held: '3500000', verified: '3500000' });
    const after = await balance();
    expect(BigInt(after.available) - BigInt(before.available)).toBe(1_500_000n);
  });

  it('FINANCE pays with an SP2D while the AUDITOR’s chart moves; the auditor sees the history, verifies the chain and downloads the XLSX', async () => {
    const audit = await open('auditor');
    const last = audit.locator('[data-testid=series-last]');
    await last.waitFor();
    const paidBefore = BigInt((await last.getAttribute('data-paid'))!);
    const heldBefore = BigInt((await last.getAttribute('data-held'))!);
    expect(Number(await audit.locator('[data-testid=chart]').getAttribute('data-points'))).toBeGreaterThan(0);
    await audit.locator('[data-testid=chart] canvas').first().waitFor();

    const pay = await open('bpkad');
    const card = pay.locator('[data-testid=pay-claim][data-mrn="RM-DANA-1"]');
    await card.waitFor();
    await expect(card.getByLabel('Jumlah dibayar (Rp)').inputValue()).resolves.toBe('3.500.000');
    await card.getByLabel('Nomor SP2D').fill(SP2D);
    await card.getByRole('button', { name: 'Bayar' }).click();
    await pay.locator('[data-testid=paid-claim]').getByText(SP2D).waitFor({ timeout: 10000 });
    expect(await claimOf('RM-DANA-1')).toMatchObject({ status: 'PAID', paid: '3500000', sp2d_number: SP2D });

    // The auditor's chart took the payment without a reload (fundBalanceChanged).
    await audit.locator(`[data-testid=series-last][data-paid="${paidBefore + 3_500_000n}"]`).waitFor({ timeout: 10000 });
    expect(BigInt((await last.getAttribute('data-held'))!)).toBe(heldBefore - 3_500_000n);

    const row = audit.locator('[data-testid=drawdown]', { hasText: 'RM-DANA-1' });
    await row.getByText('Dibayar').waitFor();
    await row.getByRole('button', { name: /Riwayat klaim/ }).click();
    const detail = audit.locator('[data-testid=claim-detail]');
    await detail.locator('[data-testid=history-event][data-action=PAY]').waitFor();
    const actions = await detail.locator('[data-testid=history-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['SUBMIT', 'HOLD', 'ATTACH', 'VERIFY', 'PAY']));

    await audit.getByRole('button', { name: 'Periksa jurnal' }).click();
    await audit.locator('[data-testid=ledger-result][data-valid=true]').waitFor();

    const [xlsx] = await Promise.all([audit.waitForEvent('download'), audit.getByRole('button', { name: 'Unduh XLSX' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsx.path())!);
    const sheet = book.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const col = (name: string) => header.indexOf(name) + 1;
    let found: ExcelJS.Row | null = null;
    sheet.eachRow((r, n) => {
      if (n > 1 && r.getCell(col('medical_record_number')).value === 'RM-DANA-1') found = r;
    });
    expect(found).not.toBeNull();
    const cell = (name: string) => found!.getCell(col(name)).value;
    expect(cell('amount_requested')).toBe(5_000_000);
    expect(cell('amount_verified')).toBe(3_500_000);
    expect(cell('gross_paid')).toBe(3_500_000);
    expect(cell('net_paid')).toBe(3_500_000);
    expect(cell('sp2d_number')).toBe(SP2D);
    expect(cell('sp2d_date')).toBeInstanceOf(Date);
    expect(cell('paid_at')).toBeInstanceOf(Date);
    expect(cell('paid_by')).toBe('bpkad');
    expect(cell('verified_by')).toBe('inspektorat');

    const [csv] = await Promise.all([audit.waitForEvent('download'), audit.getByRole('button', { name: 'Unduh CSV (;)' }).click()]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\n')[0]).toContain('"claim_id";"status";');
    const [journal] = await Promise.all([audit.waitForEvent('download'), audit.getByRole('button', { name: 'Unduh jurnal (JSONL)' }).click()]);
    expect(JSON.parse(readFileSync((await journal.path())!, 'utf8').split('\n')[0])).toMatchObject({ type: 'fund', fundId });

    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await audit.locator('[data-testid=claim-detail]').getByRole('button', { name: 'Tutup' }).click();
      await audit.screenshot({ path: 'docs/fund-screens.png', fullPage: true });
    }
  });

  it('separation of duties on screen: a user who submitted a claim is not offered verifying it, and the server refuses', async () => {
    const page = await open('ganda');
    await page.getByRole('button', { name: 'Pengajuan klaim' }).waitFor();
    await submitFromScreen(page, 'RM-DANA-2', '2.000.000');
    await page.locator('[data-testid=own-claim] [data-status=HELD]').first().waitFor({ timeout: 15000 });
    await page.getByRole('button', { name: 'Verifikasi (Inspektorat)' }).click();
    const card = page.locator('[data-testid=queue-claim][data-mrn="RM-DANA-2"]');
    await card.locator('[data-testid=duty-conflict]').getByText('Anda yang mengajukan klaim ini').waitFor();
    await expect(card.getByRole('button', { name: /Verifikasi/ }).count()).resolves.toBe(0);
    await expect(card.getByRole('button', { name: 'Tolak klaim' }).count()).resolves.toBe(0);
    // The screen only mirrors the rule: the service refuses the same user.
    const claim = await claimOf('RM-DANA-2');
    const token = await t.login('ganda', PASSWORD);
    expect(errorCode(await t.gql(`mutation($id: ID!) { verifyClaim(id: $id) { id } }`, { id: claim.id }, token))).toBe('FORBIDDEN');
    // Another verifier is offered it.
    const other = await open('inspektorat');
    await other
      .locator('[data-testid=queue-claim][data-mrn="RM-DANA-2"]')
      .getByRole('button', { name: /Verifikasi penuh/ })
      .waitFor();
  });

  it('loaded nothing from elsewhere and broke no Content Security Policy', () => {
    expect(problems).toEqual([]);
    expect([...origins]).toEqual([t.baseUrl]);
  });
});
