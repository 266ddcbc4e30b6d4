import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import request from 'supertest';
import { ERROR_TEXT } from '../web/src/shared/messages';
import { roomSexRefusal } from '../web/src/staf/bed-view';
import { bootApp, type BootedApp } from './support/boot';
import { freePort } from './support/live';
import { gqlAt } from './support/service-process';
import { ADMIN, createTestDatabase } from './support/test-app';

// The ward console at /staf in Debian's chromium (playwright-core, as the public page test), at a
// tablet's and a phone's size: two nurses of one ward, the public page beside them, and the
// service stopped and started under them.
const CHROMIUM = '/usr/bin/chromium';
const BUILT = 'dist/web/staf/index.html';
const canRun = existsSync(CHROMIUM) && existsSync(BUILT);
const suite = canRun ? describe : describe.skip;
if (!canRun) process.stdout.write(`[ward-console] skipped: needs ${CHROMIUM} (apt-get install -y chromium) and ${BUILT} (npm run build)\n`);

const PASSWORD = 'password-123456';
const JWT_SECRET = 'w'.repeat(48);
const ENV = { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, RATE_LIMIT_LOGIN_PER_MINUTE: '1000' };
const VIEWPORTS = [
  { name: 'tablet', viewport: { width: 800, height: 1280 }, ward: 'PD3' },
  { name: 'phone', viewport: { width: 390, height: 844 }, ward: 'BD3' },
];

interface Bed {
  id: string;
  code: string;
  status: string;
  version: number;
}

suite('the ward console', () => {
  let db: { url: string; drop: () => Promise<void> };
  let port: number;
  let base: string;
  let booted: BootedApp;
  let browser: Browser;
  let admin: string;
  let wards: { id: string; code: string; name: string }[];

  /** The service on a fixed port (the consoles reconnect to it); `before` runs before it listens. */
  async function start(before?: (app: BootedApp) => Promise<void>): Promise<void> {
    booted = await bootApp(db.url, { env: ENV, jwtSecret: JWT_SECRET, listen: false });
    if (before) await before(booted);
    await booted.app.listen(port, '127.0.0.1');
  }

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token = admin) => {
    const res = await gqlAt<T>(port, query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const bedsOf = async (wardId: string) =>
    (
      await gql<{ beds: { edges: { node: Bed }[] } }>(
        `query($w: ID!) { beds(filter: { wardId: $w }, first: 100) { edges { node { id code status version } } } }`,
        { w: wardId },
      )
    ).beds.edges.map((e) => e.node);
  const bedByCode = async (wardId: string, code: string) => (await bedsOf(wardId)).find((b) => b.code === code)!;
  const historyCount = async (bedId: string) =>
    (await gql<{ bedHistory: { totalCount: number } }>(`query($b: ID!) { bedHistory(bedId: $b) { totalCount } }`, { b: bedId })).bedHistory.totalCount;

  /** The demo ward's state is random: make `n` beds of it free through the API (discharging seeded patients if need be) before the tests use them. */
  async function freeBeds(wardId: string, n: number): Promise<void> {
    const change = `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { status } }`;
    for (let x of await bedsOf(wardId)) {
      if ((await bedsOf(wardId)).filter((y) => y.status === 'AVAILABLE').length >= n) return;
      if (x.status === 'OCCUPIED') {
        await gql(`mutation($i: DischargePatientInput!) { dischargePatient(input: $i) { status } }`, { i: { bedId: x.id, expectedVersion: x.version } });
        x = await bedByCode(wardId, x.code);
      }
      if (!['CLEANING', 'CLOSED', 'RESERVED', 'ISOLATED'].includes(x.status)) continue;
      await gql(change, { i: { bedId: x.id, expectedVersion: x.version, status: 'AVAILABLE', reason: 'persiapan uji' } });
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await start();
    admin = (
      await gql<{ login: { token: string } }>(
        `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
        { u: ADMIN.username, p: ADMIN.password },
        '',
      )
    ).login.token;
    wards = (await gql<{ hospital: { wards: { id: string; code: string; name: string }[] } }>(`{ hospital(code: "RSUD-SKLERIK") { wards { id code name } } }`))
      .hospital.wards;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await booted?.close();
    await db?.drop();
  });

  describe.each(VIEWPORTS)('on a $name ($viewport.width×$viewport.height)', ({ name, viewport, ward: wardCode }) => {
    let ward: { id: string; code: string; name: string };
    let contexts: BrowserContext[] = [];
    let a: Page;
    let b: Page;
    let pub: Page;
    const problems: string[] = [];
    const origins = new Set<string>();

    async function nurse(username: string): Promise<void> {
      await gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
        i: { username, password: PASSWORD, roles: ['WARD_STAFF'], wardIds: [ward.id] },
      });
    }
    async function open(): Promise<Page> {
      const context = await browser.newContext({ viewport, locale: 'id-ID', hasTouch: name === 'phone', isMobile: name === 'phone' });
      contexts.push(context);
      const page = await context.newPage();
      page.on('request', (r) => origins.add(new URL(r.url()).origin));
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      return page;
    }
    async function login(page: Page, username: string): Promise<void> {
      await page.goto(`${base}/staf/`);
      await page.getByLabel('Nama pengguna').fill(username);
      await page.getByLabel('Kata sandi').fill(PASSWORD);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.locator('[data-testid=connection][data-state=online]').waitFor();
    }
    const tile = (page: Page, code: string) => page.locator(`[data-testid=bed][data-code="${code}"]`);
    const firstCode = async (page: Page, status: string) => (await page.locator(`[data-testid=bed][data-status=${status}]`).first().getAttribute('data-code'))!;
    const act = async (page: Page, code: string, action: string) => {
      await tile(page, code).click();
      await page.locator('[data-testid=dialog]').getByRole('button', { name: action, exact: true }).click();
    };
    /** The sex the bed's room takes (a man where either may lie), as the admit form names it. */
    const sexFor = async (page: Page, code: string) => ((await tile(page, code).getAttribute('data-room-sex')) === 'FEMALE' ? 'Perempuan' : 'Laki-laki');
    const chooseSex = async (page: Page, code: string) =>
      page
        .locator('[data-testid=dialog]')
        .getByLabel(await sexFor(page, code), { exact: true })
        .check();
    const dialogGone = (page: Page) => page.locator('[data-testid=dialog]').waitFor({ state: 'detached' });
    const waitStatus = (page: Page, code: string, status: string, timeout = 5000) =>
      page.locator(`[data-testid=bed][data-code="${code}"][data-status=${status}]`).waitFor({ timeout });
    const count = async (page: Page, bucket: string) => Number(await page.locator(`[data-testid=sum-${bucket}] .n`).textContent());

    /** The public page shows the ward's free and occupied beds as the console counts them. */
    async function publicAgrees(): Promise<void> {
      const [available, occupied] = [await count(a, 'available'), await count(a, 'occupied')];
      const card = pub.locator(`[data-key="${ward.id}/KELAS_3"]`);
      await card
        .locator('[data-f=available]')
        .filter({ hasText: new RegExp(`^${available}$`) })
        .waitFor({ timeout: 5000 });
      await card
        .locator('[data-f=occupied]')
        .filter({ hasText: new RegExp(`^${occupied}$`) })
        .waitFor({ timeout: 5000 });
    }

    beforeAll(async () => {
      ward = wards.find((w) => w.code === wardCode)!;
      await freeBeds(ward.id, 14);
      await nurse(`siti_${name}`);
      await nurse(`ani_${name}`);
      [a, b, pub] = await Promise.all([open(), open(), open()]);
      await pub.goto(`${base}/`);
      await pub.locator(`[data-key="${ward.id}/KELAS_3"]`).waitFor();
    });
    afterAll(async () => {
      await Promise.all(contexts.map((c) => c.close()));
      contexts = [];
    });

    it('a nurse logs in and sees only her ward’s beds, with their state and time in it', async () => {
      await login(a, `siti_${name}`);
      await login(b, `ani_${name}`);
      const beds = await bedsOf(ward.id);
      await a
        .locator('[data-testid=bed]')
        .nth(beds.length - 1)
        .waitFor();
      expect(await a.locator('[data-testid=bed]').count()).toBe(beds.length);
      expect((await a.locator('[data-testid=bed]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).sort()).toEqual(
        beds.map((x) => x.code).sort(),
      );
      const options = await a.locator('[data-testid=ward-picker] option').allTextContents();
      expect(options).toEqual([`${ward.name} (${ward.code})`]);
      // Status in words and a duration, not only a colour.
      await expect(tile(a, beds[0].code).getAttribute('aria-label')).resolves.toMatch(
        /^[A-Z0-9-]+: (kosong|terisi|dipesan|dibersihkan|ditutup|isolasi|perlu disinfeksi) (baru saja|\d+ (menit|jam|hari))/,
      );
      // Touch targets of at least 44 px, and nothing wider than the screen.
      const small = await a
        .locator('button, input, select')
        .evaluateAll((els) =>
          els.filter((e) => e.getBoundingClientRect().height < 44 && e.getAttribute('type') !== 'checkbox').map((e) => e.outerHTML.slice(0, 60)),
        );
      expect(small).toEqual([]);
      expect(await a.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    });

    it('admits by tapping a free bed; the other nurse’s screen shows it occupied within 2 s, without reload', async () => {
      const code = await firstCode(a, 'AVAILABLE');
      await b.evaluate('window.notReloaded = true');
      // The patient waits for a bed of the class in this ward: admitting her from the list removes her entry.
      const entry = (
        await gql<{ addToWaitingList: { id: string } }>(`mutation($i: AddToWaitingListInput!) { addToWaitingList(input: $i) { id } }`, {
          i: { patientReference: `RM-${name}-1`, bedClass: 'KELAS_3', wardId: ward.id },
        })
      ).addToWaitingList.id;
      await act(a, code, 'Terima pasien');
      await a.locator(`[data-testid=waiting-entry][data-reference="RM-${name}-1"]`).click();
      await expect(a.getByLabel('Nomor rekam medis').inputValue()).resolves.toBe(`RM-${name}-1`);
      await chooseSex(a, code);
      await a.getByLabel('BPJS aktif', { exact: true }).check();
      const started = Date.now();
      await a.locator('[data-testid=dialog]').getByRole('button', { name: 'Simpan' }).click();
      await dialogGone(a);
      await waitStatus(a, code, 'OCCUPIED');
      await waitStatus(b, code, 'OCCUPIED', 2000);
      process.stdout.write(`[ward-console] ${name}: the second tablet showed the admission ${Date.now() - started} ms after the tap\n`);
      await expect(b.evaluate('window.notReloaded')).resolves.toBe(true);
      await expect(bedByCode(ward.id, code)).resolves.toMatchObject({ status: 'OCCUPIED' });
      const waiting = await gql<{ waitingList: { id: string }[] }>(`query($w: ID!) { waitingList(wardId: $w) { id } }`, { w: ward.id });
      expect(waiting.waitingList.map((e) => e.id)).not.toContain(entry);
      await publicAgrees();
    });

    it('refuses a patient of the wrong sex with the Indonesian message naming the room’s policy; nothing changes', async () => {
      const code = (await a.locator('[data-testid=bed][data-status=AVAILABLE][data-room-sex=MALE]').first().getAttribute('data-code'))!;
      const before = await bedByCode(ward.id, code);
      const { bed } = await gql<{ bed: { roomId: string; ward: { rooms: { id: string; name: string }[] } } }>(
        `query($b: ID!) { bed(id: $b) { roomId ward { rooms { id name } } } }`,
        { b: before.id },
      );
      const room = bed.ward.rooms.find((r) => r.id === bed.roomId)!;
      await act(a, code, 'Terima pasien');
      await a.getByLabel('Nomor rekam medis').fill(`RM-${name}-W`);
      await a.locator('[data-testid=dialog]').getByLabel('Perempuan', { exact: true }).check();
      await a.getByLabel('Tanpa BPJS').check();
      await a.locator('[data-testid=dialog]').getByRole('button', { name: 'Simpan' }).click();
      await expect(a.locator('[data-testid=dialog-error]').textContent()).resolves.toBe(roomSexRefusal('MALE', room.name));
      expect(roomSexRefusal('MALE', room.name)).toContain('hanya untuk pasien laki-laki');
      await a.getByRole('button', { name: 'Kembali' }).click();
      await expect(bedByCode(ward.id, code)).resolves.toEqual(before);
    });

    it('discharges, marks cleaning done, transfers to an offered bed, reserves and closes with a reason; the public page follows each', async () => {
      // Discharge the patient admitted above.
      const occupied = await firstCode(a, 'OCCUPIED');
      await act(a, occupied, 'Pulangkan pasien');
      await a.locator('[data-testid=dialog]').getByRole('button', { name: 'Pulangkan pasien' }).click();
      await dialogGone(a);
      await waitStatus(a, occupied, 'CLEANING');
      await waitStatus(b, occupied, 'CLEANING', 2000);
      await publicAgrees();

      await act(a, occupied, 'Selesai dibersihkan');
      await dialogGone(a);
      await waitStatus(a, occupied, 'AVAILABLE');
      await publicAgrees();

      // Transfer: the offered beds are freeBeds' answer (best first), limited to her ward.
      const from = await firstCode(a, 'OCCUPIED');
      await act(a, from, 'Pindahkan pasien');
      await a.locator('[data-testid=transfer-option]').first().waitFor();
      const offered = await a.locator('[data-testid=transfer-option]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')!));
      const free = await gql<{ freeBeds: { bed: { code: string }; ward: { id: string } }[] }>(
        `{ freeBeds(hospitalCode: "RSUD-SKLERIK", bedClass: KELAS_3, first: 20) { bed { code } ward { id } } }`,
      );
      expect(offered).toEqual(free.freeBeds.filter((f) => f.ward.id === ward.id).map((f) => f.bed.code));
      const to = offered[0];
      await a.locator(`[data-testid=transfer-option][data-code="${to}"]`).click();
      await a.getByLabel('Alasan').fill('pindah ke dekat jendela');
      await a.locator('[data-testid=dialog]').getByRole('button', { name: 'Simpan' }).click();
      await dialogGone(a);
      await waitStatus(a, from, 'CLEANING');
      await waitStatus(a, to, 'OCCUPIED');
      await waitStatus(b, to, 'OCCUPIED', 2000);
      await publicAgrees();

      // A reservation says what it is for and how long (the service's default is offered); the tile shows the time left.
      const reserved = await firstCode(a, 'AVAILABLE');
      await act(a, reserved, 'Pesan (reservasi)');
      // The default arrives from the service (a query of its own); the page's CSP forbids waitForFunction's eval.
      const hours = a.getByLabel('Lama pemesanan (jam)');
      for (let i = 0; (await hours.inputValue()) !== '6' && i < 50; i++) await a.waitForTimeout(100);
      await expect(hours.inputValue()).resolves.toBe('6');
      await a.getByLabel('Rujukan dari faskes lain').check();
      await a.getByLabel('Nama faskes perujuk').fill('Puskesmas Oesapa');
      const arrival = new Date(Date.now() + 3_600_000);
      await a
        .getByLabel('Perkiraan waktu tiba')
        .fill(
          `${arrival.getFullYear()}-${String(arrival.getMonth() + 1).padStart(2, '0')}-${String(arrival.getDate()).padStart(2, '0')}T${String(arrival.getHours()).padStart(2, '0')}:${String(arrival.getMinutes()).padStart(2, '0')}`,
        );
      await a.getByLabel('Lama pemesanan (jam)').fill('2.25');
      await a.locator('[data-testid=dialog]').getByRole('button', { name: 'Pesan (reservasi)' }).click();
      await dialogGone(a);
      await waitStatus(a, reserved, 'RESERVED');
      await expect(tile(a, reserved).locator('[data-testid=since]').textContent()).resolves.toMatch(/^dipesan, sisa 2 jam 1[45] menit$/);
      // The other tablet gets it live: waited for, as for every change above.
      await waitStatus(b, reserved, 'RESERVED', 2000);
      await expect(tile(b, reserved).locator('[data-testid=since]').textContent()).resolves.toMatch(/^dipesan, sisa 2 jam 1[45] menit$/);
      const held = await gql<{ bed: { reservationPurpose: string; reservationFacility: string; reservedUntil: string } }>(
        `query($b: ID!) { bed(id: $b) { reservationPurpose reservationFacility reservedUntil } }`,
        { b: (await bedByCode(ward.id, reserved)).id },
      );
      expect(held.bed).toMatchObject({ reservationPurpose: 'REFERRAL', reservationFacility: 'Puskesmas Oesapa' });
      expect(Math.abs(Date.parse(held.bed.reservedUntil) - Date.now() - 2.25 * 3_600_000)).toBeLessThan(60_000);
      await publicAgrees();

      const closed = await firstCode(a, 'AVAILABLE');
      await act(a, closed, 'Tutup tempat tidur');
      await a.getByLabel('Alasan').fill('AC rusak');
      await a.locator('[data-testid=dialog]').getByRole('button', { name: 'Tutup tempat tidur' }).click();
      await dialogGone(a);
      await waitStatus(a, closed, 'CLOSED');
      await waitStatus(b, closed, 'CLOSED', 2000);
      await publicAgrees();
      const bed = await bedByCode(ward.id, closed);
      const history = await gql<{ bedHistory: { edges: { node: { toStatus: string; reason: string | null } }[] } }>(
        `query($b: ID!) { bedHistory(bedId: $b, first: 1) { edges { node { toStatus reason } } } }`,
        { b: bed.id },
      );
      expect(history.bedHistory.edges[0].node).toEqual({ toStatus: 'CLOSED', reason: 'AC rusak' });
    });

    it('two tablets admit to one bed at once: one succeeds, the other says so in Indonesian with the new state; nothing changes twice', async () => {
      const code = await firstCode(a, 'AVAILABLE');
      const before = await bedByCode(ward.id, code);
      const events = await historyCount(before.id);
      for (const [page, mrn] of [
        [a, `RM-${name}-A`],
        [b, `RM-${name}-B`],
      ] as const) {
        await act(page, code, 'Terima pasien');
        await page.getByLabel('Nomor rekam medis').fill(mrn);
        await chooseSex(page, code);
        await page.getByLabel('Tanpa BPJS').check();
      }
      // Clicked inside each page without waiting for the button: when one tablet's change reaches
      // the other before its click, that dialog has rightly swapped its form for the notice.
      const save = (page: Page) =>
        page.locator('[data-testid=dialog] button').evaluateAll((buttons) => {
          const button = (buttons as unknown as { textContent: string | null; click(): void }[]).find((x) => x.textContent?.trim() === 'Simpan');
          button?.click();
          return button !== undefined;
        });
      const clicked = await Promise.all([save(a), save(b)]);
      expect(clicked).toContain(true);
      await waitStatus(a, code, 'OCCUPIED');
      await waitStatus(b, code, 'OCCUPIED');
      // The one that lost keeps its dialog open: the refusal (or the change seen first) and the new state.
      const open = await Promise.all([a, b].map((p) => p.locator('[data-testid=dialog]').count()));
      // Copied before sorting: `open` must still say which tablet kept its dialog.
      expect([...open].sort()).toEqual([0, 1]);
      const loser = open[0] === 1 ? a : b;
      // The refusal shows at once; the bed's new state is added when the dialog has read it again.
      const told = loser.locator('[data-testid=dialog-error], [data-testid=dialog-notice]').filter({ hasText: 'Sekarang:' });
      await told.first().waitFor({ timeout: 5000 });
      const said = await told.first().textContent();
      expect(said).toContain(ERROR_TEXT.VERSION_CONFLICT);
      expect(said).toContain('Sekarang: Terisi.');
      await expect(loser.locator('[data-testid=dialog-state]').getAttribute('data-status')).resolves.toBe('OCCUPIED');
      // She may decide again: the actions are now those of an occupied bed.
      await expect(loser.locator('[data-testid=action]').allTextContents()).resolves.toEqual(['Pulangkan pasien', 'Pindahkan pasien']);
      await loser.getByRole('button', { name: 'Kembali' }).click();
      const after = await bedByCode(ward.id, code);
      expect(after.version).toBe(before.version + 1);
      await expect(historyCount(before.id)).resolves.toBe(events + 1);
    });

    it('a refused action shows its Indonesian message: the patient is already admitted elsewhere', async () => {
      const admitted = await gql<{ beds: { edges: { node: { currentAdmission: { medicalRecordNumber: string } | null } }[] } }>(
        `query($w: ID!) { beds(filter: { wardId: $w, status: OCCUPIED }, first: 100) { edges { node { currentAdmission { medicalRecordNumber } } } } }`,
        { w: ward.id },
      );
      const mrn = admitted.beds.edges.map((e) => e.node.currentAdmission?.medicalRecordNumber).find((m) => m?.startsWith(`RM-${name}-`))!;
      const code = await firstCode(a, 'AVAILABLE');
      await act(a, code, 'Terima pasien');
      await a.getByLabel('Nomor rekam medis').fill(mrn);
      await chooseSex(a, code);
      await a.getByLabel('Asuransi lain').check();
      await a.locator('[data-testid=dialog]').getByRole('button', { name: 'Simpan' }).click();
      await expect(a.locator('[data-testid=dialog-error]').textContent()).resolves.toBe(ERROR_TEXT.DUPLICATE);
      await a.getByRole('button', { name: 'Kembali' }).click();
      await expect(bedByCode(ward.id, code)).resolves.toMatchObject({ status: 'AVAILABLE' });
    });

    it('the server does not answer a change: after the deadline the dialog says so in Indonesian, with the bed as it is now; nothing changed', async () => {
      await freeBeds(ward.id, 1);
      const c = await open();
      // The page's clock, run forward instead of waiting out the 20 s deadline.
      await c.clock.install();
      await login(c, `siti_${name}`);
      const code = await firstCode(c, 'AVAILABLE');
      const before = await bedByCode(ward.id, code);
      // The admission is held and never answered, as by a stalled proxy; every other request passes.
      const held: Route[] = [];
      const isAdmission = (r: { postData(): string | null }) => r.postData()?.includes('admitPatient') === true;
      await c.route('**/graphql', (route) => (isAdmission(route.request()) ? void held.push(route) : route.continue()));
      const sent = c.waitForRequest(isAdmission);
      await act(c, code, 'Terima pasien');
      await c.getByLabel('Nomor rekam medis').fill(`RM-${name}-STALL`);
      await chooseSex(c, code);
      await c.getByLabel('Tanpa BPJS').check();
      await c.locator('[data-testid=dialog]').getByRole('button', { name: 'Simpan' }).click();
      await sent;
      await c.clock.fastForward(21_000);
      const error = c.locator('[data-testid=dialog-error]');
      await error.filter({ hasText: 'Sekarang: Kosong.' }).waitFor({ timeout: 5000 });
      await expect(error.textContent()).resolves.toBe(`${ERROR_TEXT.NO_ANSWER} Sekarang: Kosong.`);
      await expect(bedByCode(ward.id, code)).resolves.toMatchObject({ status: 'AVAILABLE', version: before.version });
      await Promise.all(held.map((r) => r.abort().catch(() => undefined)));
      await c.context().close();
    });

    it('the service stops: the console shows it is offline and offers no change; it starts again: the console reconnects and shows the current beds', async () => {
      await freeBeds(ward.id, 2);
      const code = await firstCode(a, 'AVAILABLE');
      const bed = await bedByCode(ward.id, code);
      await booted.close();
      await a.locator('[data-testid=connection][data-state=offline]').waitFor({ timeout: 10_000 });
      await b.locator('[data-testid=connection][data-state=offline]').waitFor({ timeout: 10_000 });
      await expect(a.locator('[data-testid=connection]').textContent()).resolves.toContain('Terputus dari server');
      await tile(a, code).click();
      expect(await a.locator('[data-testid=action]').evaluateAll((els) => els.every((e) => e.hasAttribute('disabled')))).toBe(true);
      await a.getByRole('button', { name: 'Kembali' }).click();

      // Started again; before it listens, the bed changes (no console can have seen that live).
      await start(async (app) => {
        const res = await request(app.app.getHttpServer())
          .post('/graphql')
          .set('authorization', `Bearer ${admin}`)
          .send({
            query: `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { status } }`,
            variables: { i: { bedId: bed.id, expectedVersion: bed.version, status: 'RESERVED', reason: 'saat server mati' } },
          });
        expect(res.body.errors).toBeUndefined();
      });
      const started = Date.now();
      await a.locator('[data-testid=connection][data-state=online]').waitFor({ timeout: 15_000 });
      await b.locator('[data-testid=connection][data-state=online]').waitFor({ timeout: 15_000 });
      await waitStatus(a, code, 'RESERVED');
      await waitStatus(b, code, 'RESERVED');
      process.stdout.write(`[ward-console] ${name}: both tablets were back online with the current beds ${Date.now() - started} ms after the restart\n`);
      expect([...origins]).toEqual([base]);
      expect(problems).toEqual([]);
    });
  });
});
