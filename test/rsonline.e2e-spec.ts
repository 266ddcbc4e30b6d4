import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { JsonLogger } from '../src/common/json-logger';
import { AppConfig } from '../src/config/app-config';
import { loadEnvironment } from '../src/config/environment';
import { BED_CLASSES, type BedClass } from '../src/beds/bed-class';
import { FakeRsOnline, type FakeRow } from './support/fake-rsonline';
import { ADMIN, TestApp, errorCode } from './support/test-app';

const STATUS = `{ rsOnlineStatus { enabled rsId hospitalCode lastAttemptAt lastSuccessAt lastError consecutiveFailures lastPut lastPosted lastDeleted } }`;
const REPORT = `mutation { reportToRsOnline { lastSuccessAt lastError consecutiveFailures lastPut lastPosted lastDeleted } }`;
const DEBOUNCE_MS = 300;

interface Status {
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  [k: string]: unknown;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('RS Online bridge (against a local fake RS Online)', () => {
  const fake = new FakeRsOnline('5371015', 'rahasia-rs');
  let env: Record<string, string>;
  let t: TestApp;
  let admin: string;
  let staleId: string;
  let icuId: string;

  const status = async (): Promise<Status> => {
    const res = await t.gql<{ rsOnlineStatus: Status }>(STATUS, {}, admin);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.rsOnlineStatus;
  };

  /** The service's counts, as RS Online rows must show them. */
  async function expectPayloadEqualsCounts(): Promise<void> {
    const res = await t.gql<{
      availability: { wardName: string; rsOnlineCode: number; total: number; occupied: number; reserved: number; cleaning: number; closed: number }[];
    }>(`{ availability(hospitalCode: "RSUD-SKLERIK") { wardName rsOnlineCode total occupied reserved cleaning closed } }`);
    const counts = res.data!.availability;
    const roomRows: { ward_name: string; bed_class: string; rooms: number }[] = await t.db.query(
      `SELECT w.name AS ward_name, b.bed_class, count(DISTINCT b.room_id)::int AS rooms FROM beds b JOIN wards w ON w.id = b.ward_id
        WHERE b.retired_at IS NULL GROUP BY w.name, b.bed_class`,
    );
    const roomsOf = (c: { wardName: string; rsOnlineCode: number }) =>
      roomRows.find((r) => r.ward_name === c.wardName && BED_CLASSES[r.bed_class as BedClass].idTt === c.rsOnlineCode)?.rooms;
    const rows = [...fake.rows.values()];
    expect(rows).toHaveLength(counts.length);
    for (const c of counts) {
      const row = rows.find((r) => Number(r.id_tt) === c.rsOnlineCode && r.ruang === c.wardName);
      expect({ ward: c.wardName, row: row && pick(row) }).toEqual({
        ward: c.wardName,
        row: {
          jumlah_ruang: roomsOf(c),
          jumlah: c.total - c.closed,
          terpakai: c.occupied,
          antrian: 0,
          prepare: c.cleaning,
          prepare_plan: c.reserved,
          covid: 0,
        },
      });
    }
  }
  const pick = (r: FakeRow) => ({
    jumlah_ruang: Number(r.jumlah_ruang),
    jumlah: Number(r.jumlah),
    terpakai: Number(r.terpakai),
    antrian: Number(r.antrian),
    prepare: Number(r.prepare),
    prepare_plan: Number(r.prepare_plan),
    covid: Number(r.covid),
  });

  async function changeBed(wardCode: string, from: string, to: string): Promise<void> {
    const [bed]: { id: string; version: number }[] = await t.db.query(
      `SELECT b.id, b.version FROM beds b JOIN wards w ON w.id = b.ward_id WHERE w.code = $1 AND b.status = $2 ORDER BY b.code LIMIT 1`,
      [wardCode, from],
    );
    const res = await t.gql(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { status } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, status: to } },
      admin,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }

  beforeAll(async () => {
    await fake.start();
    // RS Online already holds a row of a ward the hospital no longer has, and an outdated ICU row.
    staleId = fake.seed({ id_tt: 1, ruang: 'VVIP Lama', jumlah_ruang: 1, jumlah: 4, terpakai: 1, antrian: 0, prepare: 0, prepare_plan: 0, covid: 0 });
    icuId = fake.seed({ id_tt: 6, ruang: 'ICU', jumlah_ruang: 1, jumlah: 99, terpakai: 0, antrian: 0, prepare: 0, prepare_plan: 0, covid: 0 });
    env = {
      RSONLINE_URL: fake.url,
      RSONLINE_RS_ID: fake.rsId,
      RSONLINE_PASSWORD: 'rahasia-rs',
      RSONLINE_DEBOUNCE_MS: String(DEBOUNCE_MS),
      RSONLINE_INTERVAL_SECONDS: '3600',
      // Generous: the suite shares two cores with other test files.
      RSONLINE_TIMEOUT_MS: '2000',
      RSONLINE_ATTEMPTS: '3',
      RSONLINE_BACKOFF_MS: '100',
    };
    t = await TestApp.start(env);
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
  });

  it('reports at start: the payload equals the counts; stale rows deleted, changed rows put, new rows posted', async () => {
    const s = await waitFor('the first report', async () => {
      const s = await status();
      return s.lastSuccessAt ? s : undefined;
    });
    expect(s).toMatchObject({ enabled: true, rsId: '5371015', hospitalCode: 'RSUD-SKLERIK', consecutiveFailures: 0 });
    // The demo seed is a run of real bed changes, each reported within the debounce window:
    // wait until the reports have caught up with the seed.
    await waitFor(
      'the reports to match the counts',
      () =>
        expectPayloadEqualsCounts().then(
          () => true,
          () => false,
        ),
      20_000,
    );
    const writes = fake.writesSince(0);
    expect(writes.filter((w) => w.method === 'DELETE').map((w) => w.body)).toEqual([{ id_t_tt: staleId }]);
    expect(writes.filter((w) => w.method === 'PUT').map((w) => w.body?.id_t_tt)).toContain(icuId);
    expect(writes.filter((w) => w.method === 'POST')).toHaveLength(12);
    expect(fake.rows.has(staleId)).toBe(false);
    // The ICU row keeps its id at RS Online and takes our values.
    expect(fake.rows.get(icuId)?.ruang).toBe('ICU');
    expect(fake.rows.get(icuId)?.jumlah).not.toBe(99);
    await expectPayloadEqualsCounts();
    const [first] = fake.requests;
    expect(first.method).toBe('GET');
    expect(first.headers['x-rs-id']).toBe('5371015');
    // MD5 of "rahasia-rs".
    expect(first.headers['x-pass']).toBe('ef542a1fee45d104775092c71a092610');
    expect(Math.abs(Number(first.headers['x-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('reports bed changes within the debounce window, changes within one window in one report', async () => {
    const from = fake.requests.length;
    const start = Date.now();
    await changeBed('PD3', 'AVAILABLE', 'CLOSED');
    await changeBed('PD3', 'AVAILABLE', 'RESERVED');
    const writes = await waitFor('the PUT of PD3', () => fake.writesSince(from).length > 0 && fake.writesSince(from));
    // The outbox relay adds milliseconds; the window is DEBOUNCE_MS.
    expect(writes[0].at - start).toBeLessThan(DEBOUNCE_MS + 1000);
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 300));
    const all = fake.writesSince(from);
    expect(all.map((w) => [w.method, w.body?.ruang])).toEqual([['PUT', 'Penyakit Dalam Kelas III']]);
    await expectPayloadEqualsCounts();
  });

  it('sends nothing that did not change when another instance starts (a restart)', async () => {
    const from = fake.requests.length;
    const before = new Date();
    const dataDir = mkdtempSync(join(tmpdir(), 'siranap-rso-'));
    const config = new AppConfig(
      loadEnvironment({
        NODE_ENV: 'test',
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: ADMIN.password,
        DATA_DIR: dataDir,
        GRAPHQL_SCHEMA_FILE: join(dataDir, 'schema.gql'),
        LOG_LEVEL: 'error',
        ...env,
      }),
      t.databaseUrl,
      randomBytes(32).toString('hex'),
    );
    let second: NestExpressApplication | null = null;
    try {
      second = await createApp(config, new JsonLogger('error'));
      await waitFor('the report of the new instance', async () => {
        const s = await status();
        return s.lastSuccessAt !== null && new Date(s.lastSuccessAt) > before;
      });
      expect(fake.requests.slice(from).some((r) => r.method === 'GET')).toBe(true);
      expect(fake.writesSince(from)).toEqual([]);
      expect(await status()).toMatchObject({ lastPut: 0, lastPosted: 0, lastDeleted: 0 });
    } finally {
      await second?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('retries a 500 and then succeeds', async () => {
    const from = fake.requests.length;
    fake.failNext = 2;
    await changeBed('BD3', 'AVAILABLE', 'CLOSED');
    await waitFor('the PUT after two failures', () => fake.writesSince(from).length > 0);
    expect(fake.failNext).toBe(0);
    expect(fake.requests.slice(from).map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'PUT']);
    // The outcome is recorded just after the last request.
    const s = await waitFor('the recorded success', async () => {
      const s = await status();
      return s.consecutiveFailures === 0 ? s : undefined;
    });
    expect(s.lastError).toMatch(/GET Fasyankes: HTTP 500 Internal Server Error \(fake\)/);
    await expectPayloadEqualsCounts();
  });

  it('reports persistent errors and timeouts in the status and /health/ready (degraded, not down), then recovers', async () => {
    fake.failNext = 1000;
    await changeBed('AN3', 'AVAILABLE', 'CLOSED');
    const failed = await waitFor('three failed attempts', async () => {
      const s = await status();
      return s.consecutiveFailures >= 3 ? s : undefined;
    });
    expect(failed.lastError).toMatch(/HTTP 500/);
    let health = await request(t.http).get('/health/ready');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      checks: { database: 'up' },
      details: { rsOnline: { status: 'degraded', lastError: expect.stringMatching(/HTTP 500/) } },
    });

    fake.failNext = 0;
    fake.delayMs = 3000;
    const slow = await t.gql<{ reportToRsOnline: Status }>(REPORT, {}, admin);
    expect(slow.data!.reportToRsOnline).toMatchObject({ consecutiveFailures: 4, lastError: 'GET Fasyankes: no answer within 2000 ms' });

    fake.delayMs = 0;
    const ok = await t.gql<{ reportToRsOnline: Status }>(REPORT, {}, admin);
    expect(ok.data!.reportToRsOnline).toMatchObject({ consecutiveFailures: 0, lastPut: 1, lastPosted: 0, lastDeleted: 0 });
    health = await request(t.http).get('/health/ready');
    expect(health.body).toMatchObject({ status: 'ok', details: { rsOnline: { status: 'ok' } } });
    await expectPayloadEqualsCounts();
  });

  it('shows the status to ADMIN only', async () => {
    expect(errorCode(await t.gql(STATUS))).toBe('UNAUTHENTICATED');
    const staff = await t.userToken(['AUDITOR', 'FINANCE']);
    expect(errorCode(await t.gql(STATUS, {}, staff))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(REPORT, {}, staff))).toBe('FORBIDDEN');
    const res = await t.gql<{ rsOnlineStatus: Record<string, unknown> }>(`{ rsOnlineStatus { url enabled } }`, {}, admin);
    expect(res.data!.rsOnlineStatus).toEqual({ url: fake.url, enabled: true });
  });
});

describe('RS Online bridge, not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is off: health says so, the status shows it, a report is refused', async () => {
    const health = await request(t.http).get('/health/ready');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', details: { rsOnline: { status: 'off' } } });
    const admin = await t.adminToken();
    const res = await t.gql<{ rsOnlineStatus: Record<string, unknown> }>(`{ rsOnlineStatus { enabled url lastAttemptAt } }`, {}, admin);
    expect(res.data!.rsOnlineStatus).toEqual({ enabled: false, url: null, lastAttemptAt: null });
    const refused = await t.gql(REPORT, {}, admin);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0].message).toBe('RS Online is not configured: set RSONLINE_URL, RSONLINE_RS_ID and RSONLINE_PASSWORD.');
  });
});
