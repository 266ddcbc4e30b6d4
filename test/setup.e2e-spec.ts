import request from 'supertest';
import { FakeRsOnline } from './support/fake-rsonline';
import { Watch, wsClient } from './support/live';
import { ADMIN, TestApp } from './support/test-app';

const HEADER = 'ward_code,ward_name,room_code,room_sex_policy,bed_code,bed_class';
const REPORT = `hospitalCode dryRun
  wards { created updated unchanged createdCodes }
  rooms { created updated unchanged }
  beds { created updated unchanged retired reopened retiredCodes }`;
const IMPORT = `mutation($csv: String!, $dry: Boolean!) { importBeds(csv: $csv, dryRun: $dry) { ${REPORT} } }`;

/** 150 beds: 10 wards of 3 rooms of 5 beds. */
function bigCsv(separator = ','): string {
  const lines = [HEADER];
  for (let w = 1; w <= 10; w++) {
    for (let r = 1; r <= 3; r++) {
      for (let b = 1; b <= 5; b++)
        lines.push([`W${w}`, `Bangsal ${w}`, `K${r}`, r === 1 ? 'MALE' : 'FEMALE', `W${w}-${r}${b}`, w <= 5 ? 'KELAS_3' : 'KELAS_2'].join(separator));
    }
  }
  lines[0] = HEADER.split(',').join(separator);
  return lines.join('\n') + '\n';
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a hospital sets itself up (production start on an empty database)', () => {
  const fake = new FakeRsOnline('5371999', 'rahasia-rs');
  let t: TestApp;
  let admin: string;
  let hospitalId: string;

  beforeAll(async () => {
    await fake.start();
    t = await TestApp.start({
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(40),
      PUBLIC_BASE_URL: 'https://rs.example.go.id',
      RSONLINE_URL: fake.url,
      RSONLINE_RS_ID: fake.rsId,
      RSONLINE_PASSWORD: 'rahasia-rs',
      RSONLINE_HOSPITAL: 'RS-BARU',
      RSONLINE_DEBOUNCE_MS: '100',
    });
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
  });

  it('publishes nothing before the admin creates it, then the API-created beds everywhere', async () => {
    expect((await t.gql<{ hospitals: unknown[] }>('{ hospitals { code } }')).data!.hospitals).toEqual([]);
    expect((await t.gql<{ availability: unknown[] }>('{ availability { wardId } }')).data!.availability).toEqual([]);
    const fhir = await request(t.http).get('/fhir/Location');
    expect(JSON.parse(fhir.text).total).toBe(0);

    const h = await t.gql<{ createHospital: { id: string; demo: boolean } }>(
      `mutation($i: CreateHospitalInput!) { createHospital(input: $i) { id demo } }`,
      { i: { code: 'RS-BARU', name: 'RSUD Baru', address: 'Jl. Baru 1, Kupang', phone: '0380 123456', rsOnlineCode: '5371999' } },
      admin,
    );
    expect(h.errors).toBeUndefined();
    expect(h.data!.createHospital.demo).toBe(false);
    hospitalId = h.data!.createHospital.id;

    const sub = new Watch<{ availabilityChanged: { wardName: string; total: number; available: number } }>(
      wsClient(t.baseUrl),
      `subscription { availabilityChanged(hospitalCode: "RS-BARU") { wardName total available } }`,
    );
    const ward = await t.gql<{ createWard: { id: string } }>(
      `mutation($i: CreateWardInput!) { createWard(input: $i) { id } }`,
      { i: { hospitalCode: 'RS-BARU', code: 'PD', name: 'Penyakit Dalam', service: 'Penyakit Dalam' } },
      admin,
    );
    const wardId = ward.data!.createWard.id;
    const rooms: string[] = [];
    for (const [code, sexPolicy] of [
      ['K1', 'MALE'],
      ['K2', 'FEMALE'],
    ]) {
      const r = await t.gql<{ createRoom: { id: string } }>(
        `mutation($i: CreateRoomInput!) { createRoom(input: $i) { id } }`,
        { i: { wardId, code, name: `Kamar ${code}`, sexPolicy, kris: true } },
        admin,
      );
      rooms.push(r.data!.createRoom.id);
    }
    for (let i = 1; i <= 5; i++) {
      const b = await t.gql(
        `mutation($i: CreateBedInput!) { createBed(input: $i) { id } }`,
        { i: { roomId: rooms[i <= 3 ? 0 : 1], code: `PD-0${i}`, bedClass: 'KELAS_3' } },
        admin,
      );
      expect(b.errors).toBeUndefined();
    }
    const dup = await t.gql(
      `mutation($i: CreateBedInput!) { createBed(input: $i) { id } }`,
      { i: { roomId: rooms[1], code: 'PD-01', bedClass: 'KELAS_3' } },
      admin,
    );
    expect(dup.errors![0].extensions!.code).toBe('DUPLICATE');

    const counts = await t.gql<{ availability: { wardName: string; total: number; available: number }[] }>(
      `{ availability(hospitalCode: "RS-BARU") { wardName total available } }`,
    );
    expect(counts.data!.availability).toEqual([{ wardName: 'Penyakit Dalam', total: 5, available: 5 }]);
    await sub.until((w) => w.data.some((d) => d.availabilityChanged.total === 5), 'the anonymous subscriber to see five beds');

    const bundle = JSON.parse((await request(t.http).get('/fhir/Location')).text) as {
      entry: { resource: { physicalType: { coding: { code: string }[] }; partOf?: { reference: string } } }[];
    };
    const types = bundle.entry.map((e) => e.resource.physicalType.coding[0].code);
    expect(types.filter((x) => x === 'wa')).toHaveLength(1);
    expect(types.filter((x) => x === 'ro')).toHaveLength(2);
    expect(types.filter((x) => x === 'bd')).toHaveLength(5);
    expect(
      bundle.entry.filter((e) => e.resource.physicalType.coding[0].code === 'bd').every((e) => rooms.includes(e.resource.partOf!.reference.slice(9))),
    ).toBe(true);

    // Reported soon after the changes (the debounce), the five beds in two rooms.
    const row = await waitFor('the RS Online row', () => [...fake.rows.values()].find((r) => r.ruang === 'Penyakit Dalam' && r.jumlah === 5));
    expect(row).toMatchObject({ id_tt: 5, jumlah: 5, terpakai: 0, jumlah_ruang: 2 });
    sub.close();
  });

  it('refuses every setup mutation to WARD_STAFF, ADMISSIONS and AUDITOR, and anonymous callers', async () => {
    const mutations = [
      `mutation { createHospital(input: { code: "X", name: "X", address: "X", phone: "0380123" }) { id } }`,
      `mutation { updateHospital(input: { id: "${hospitalId}", phone: "0380999" }) { id } }`,
      `mutation { createWard(input: { hospitalCode: "RS-BARU", code: "X", name: "X", service: "X" }) { id } }`,
      `mutation { updateWard(input: { id: "${hospitalId}", name: "X" }) { id } }`,
      `mutation { createRoom(input: { wardId: "${hospitalId}", code: "X", name: "X", sexPolicy: MIXED, kris: false }) { id } }`,
      `mutation { updateRoom(input: { id: "${hospitalId}", name: "X" }) { id } }`,
      `mutation { createBed(input: { roomId: "${hospitalId}", code: "X", bedClass: VIP }) { id } }`,
      `mutation { updateBed(input: { id: "${hospitalId}", bedClass: VIP }) { id } }`,
      `mutation { retireBed(id: "${hospitalId}") { id } }`,
      `mutation { reopenBed(id: "${hospitalId}") { id } }`,
      `mutation { importBeds(csv: "x", dryRun: true) { dryRun } }`,
    ];
    const before = await t.db.query(`SELECT count(*)::int AS n FROM setup_audit`);
    for (const roles of [['WARD_STAFF'], ['ADMISSIONS'], ['AUDITOR']]) {
      const [{ id: wardId }] = await t.db.query(`SELECT id FROM wards WHERE code = 'PD'`);
      const token = await t.userToken(roles, roles[0] === 'WARD_STAFF' ? [wardId] : [], admin);
      for (const q of mutations) expect((await t.gql(q, {}, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const upload = await request(t.http).post('/admin/import').set('authorization', `Bearer ${token}`).attach('file', Buffer.from(bigCsv()), 'beds.csv');
      expect(upload.status).toBe(403);
    }
    for (const q of mutations) expect((await t.gql(q)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM setup_audit`)).toEqual(before);
  });

  it('imports 150 beds in one request; the same file again changes nothing; a bad class on line 7 changes nothing', async () => {
    const dry = await t.gql<{ importBeds: { beds: { created: number; retired: number } } }>(IMPORT, { csv: bigCsv(), dry: true }, admin);
    expect(dry.errors).toBeUndefined();
    // The five API-made beds are not in the file: they would be retired.
    expect(dry.data!.importBeds.beds).toMatchObject({ created: 150, retired: 5 });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM beds`))[0].n).toBe(5);

    const upload = await request(t.http).post('/admin/import').set('authorization', `Bearer ${admin}`).attach('file', Buffer.from(bigCsv()), 'beds.csv');
    expect([upload.status, upload.status === 200 ? null : upload.body]).toEqual([200, null]);
    expect(upload.body).toMatchObject({ dryRun: false, wards: { created: 10 }, rooms: { created: 30 }, beds: { created: 150, retired: 5 } });

    const again = await t.gql<{
      importBeds: {
        wards: { unchanged: number };
        rooms: { unchanged: number };
        beds: { created: number; updated: number; retired: number; unchanged: number };
      };
    }>(IMPORT, { csv: bigCsv(), dry: false }, admin);
    expect(again.data!.importBeds).toMatchObject({
      wards: { unchanged: 10 },
      rooms: { unchanged: 30 },
      beds: { created: 0, updated: 0, retired: 0, unchanged: 150 },
    });

    const semicolon = await t.gql<{ importBeds: { beds: { unchanged: number; created: number } } }>(IMPORT, { csv: `\uFEFF${bigCsv(';')}`, dry: false }, admin);
    expect(semicolon.data!.importBeds.beds).toMatchObject({ unchanged: 150, created: 0 });

    const lines = bigCsv().split('\n');
    lines[6] = lines[6].replace('KELAS_3', 'KELAS_4');
    lines[1] = lines[1].replace('KELAS_3', 'KELAS_2');
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM setup_audit`);
    const bad = await t.gql(IMPORT, { csv: lines.join('\n'), dry: false }, admin);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ line: 7, column: 'bed_class' }] });
    expect(bad.errors![0].message).toMatch(/line 7, column bed_class.*KELAS_4.*VVIP, VIP, KELAS_1, KELAS_2, KELAS_3/);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM setup_audit`)).toEqual(audit);
    expect((await t.db.query(`SELECT bed_class FROM beds WHERE code = 'W1-11'`))[0].bed_class).toBe('KELAS_3');
  });

  it('retires a bed with history: the history stays, counters and the public view drop it, past indicators count it', async () => {
    const [bed] = await t.db.query(`SELECT id, version FROM beds WHERE code = 'W1-11'`);
    const closed = await t.gql<{ changeBedStatus: { version: number } }>(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, status: 'CLOSED', reason: 'rusak' } },
      admin,
    );
    expect(closed.errors).toBeUndefined();
    // Its history began yesterday, so yesterday's indicators count it.
    await t.db.query(`ALTER TABLE bed_events DISABLE TRIGGER USER`);
    await t.db.query(`UPDATE bed_events SET at = at - interval '2 days' WHERE bed_id = $1`, [bed.id]);
    await t.db.query(`ALTER TABLE bed_events ENABLE TRIGGER USER`);
    const countsOf = async () =>
      (
        await t.gql<{ availability: { total: number; closed: number }[] }>(
          `{ availability(hospitalCode: "RS-BARU", wardId: "${(await t.db.query(`SELECT ward_id FROM beds WHERE id = $1`, [bed.id]))[0].ward_id}") { total closed } }`,
        )
      ).data!.availability[0];
    expect(await countsOf()).toEqual({ total: 15, closed: 1 });
    const retired = await t.gql<{ retireBed: { retiredAt: string | null } }>(`mutation { retireBed(id: "${bed.id}") { retiredAt } }`, {}, admin);
    expect(retired.data!.retireBed.retiredAt).not.toBeNull();
    // Public counts are answered from a cache that the change's event clears: wait for it.
    let after = await countsOf();
    for (const until = Date.now() + 5000; (after.total !== 14 || after.closed !== 0) && Date.now() < until; after = await countsOf()) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(after).toEqual({ total: 14, closed: 0 });
    const history = await t.gql<{ bedHistory: { totalCount: number } }>(`{ bedHistory(bedId: "${bed.id}") { totalCount } }`, {}, admin);
    expect(history.data!.bedHistory.totalCount).toBe(2);
    const fhir = JSON.parse((await request(t.http).get('/fhir/Location?physical-type=bd')).text) as { total: number };
    expect(fhir.total).toBe(149);
    expect(JSON.parse((await request(t.http).get(`/fhir/Location/${bed.id}`)).text).status).toBe('inactive');
    const day = new Date(Date.now() - 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    const ind = await t.gql<{ bedIndicators: { daily: { beds: number }[] } }>(
      `{ bedIndicators(hospitalCode: "RS-BARU", from: "${day}", to: "${day}") { daily { beds } } }`,
      {},
      admin,
    );
    expect(ind.data!.bedIndicators.daily[0].beds).toBe(1);
    const again = await t.gql(`mutation { retireBed(id: "${bed.id}") { id } }`, {}, admin);
    expect(again.errors![0].message).toMatch(/already retired/);
  });

  it('keeps every setup change in the audit trail with its actor and the record before and after', async () => {
    const phone = await t.gql(`mutation { updateHospital(input: { id: "${hospitalId}", phone: "0380 999888" }) { phone } }`, {}, admin);
    expect(phone.errors).toBeUndefined();
    const auditor = await t.userToken(['AUDITOR'], [], admin);
    const trail = await t.gql<{
      setupAudit: {
        totalCount: number;
        edges: { node: { actorUsername: string; entity: string; action: string; before: { phone: string }; after: { phone: string } } }[];
      };
    }>(`{ setupAudit(entityId: "${hospitalId}") { totalCount edges { node { actorUsername entity action before after } } } }`, {}, auditor);
    expect(trail.data!.setupAudit.edges[0].node).toMatchObject({
      actorUsername: ADMIN.username,
      entity: 'HOSPITAL',
      action: 'UPDATE',
      before: { phone: '0380 123456' },
      after: { phone: '0380 999888' },
    });
    const all = await t.gql<{ setupAudit: { totalCount: number } }>(`{ setupAudit(first: 1) { totalCount } }`, {}, auditor);
    // hospital, ward, 2 rooms, 5 beds, 10 wards, 30 rooms, 150 beds, 5 retired, a retired bed, the phone
    expect(all.data!.setupAudit.totalCount).toBe(1 + 1 + 2 + 5 + 10 + 30 + 150 + 5 + 1 + 1);
    const [{ id: wardId }] = await t.db.query(`SELECT id FROM wards WHERE code = 'PD'`);
    const staff = await t.userToken(['WARD_STAFF'], [wardId], admin);
    expect((await t.gql(`{ setupAudit { totalCount } }`, {}, staff)).errors![0].extensions!.code).toBe('FORBIDDEN');
    const hospital = await t.gql<{ hospital: { phone: string } }>(`{ hospital(code: "RS-BARU") { phone } }`);
    expect(hospital.data!.hospital.phone).toBe('0380 999888');
  });
});
