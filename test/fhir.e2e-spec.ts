import JSONSchemaValidator from '@asymmetrik/fhir-json-schema-validator';
import request from 'supertest';
import { TestApp } from './support/test-app';

interface Coding {
  system: string;
  code: string;
}
interface Resource {
  resourceType: string;
  id?: string;
  [k: string]: unknown;
}
interface Location extends Resource {
  name: string;
  status: string;
  operationalStatus?: Coding;
  physicalType: { coding: Coding[] };
  partOf?: { reference: string };
}
interface MeasureReport extends Resource {
  subject: { reference: string };
  period: { start: string; end: string };
  group: { population: { code: { coding: Coding[] }; count: number }[] }[];
}
interface Bundle<R extends Resource> extends Resource {
  type: string;
  total: number;
  entry: { fullUrl?: string; resource: R }[];
}

/** The official FHIR R4 JSON schema (fhir.schema.json, shipped in the package), with ajv. */
const validator = new JSONSchemaValidator();

describe('FHIR read API', () => {
  let t: TestApp;
  let admin: string;
  let wards: { id: string; code: string }[];

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wards = await t.db.query(`SELECT id, code FROM wards ORDER BY code`);
  });
  afterAll(async () => {
    await t?.close();
  });

  const wardId = (code: string) => wards.find((w) => w.code === code)!.id;

  /** GETs a FHIR URL, checks the content type and that the body is valid FHIR R4. */
  async function fhir<T extends Resource>(path: string, status = 200): Promise<T> {
    const res = await request(t.http).get(path);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const body = JSON.parse(res.text) as T;
    // The schema in the package is R4's 4.0.0 edition: its fhirVersion list stops before 4.0.1.
    const checked = body.resourceType === 'CapabilityStatement' ? { ...body, fhirVersion: '4.0.0' } : body;
    expect(validator.validate(checked)).toEqual([]);
    return body;
  }

  const population = (r: MeasureReport, code: string): number => r.group[0].population.find((p) => p.code.coding.some((c) => c.code === code))!.count;

  it('has a validator that refuses invalid resources, also inside a Bundle', () => {
    expect(validator.validate({ resourceType: 'Location', status: 'open' }, true)).not.toEqual([]);
    const bundle = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Location', mode: 'everywhere' } }] };
    expect(validator.validate(bundle, true)).not.toEqual([]);
  });

  it('describes itself in a valid CapabilityStatement', async () => {
    const cap = await fhir<Resource & { fhirVersion: string; rest: { resource: { type: string }[] }[] }>('/fhir/metadata');
    expect(cap.fhirVersion).toBe('4.0.1');
    expect(cap.rest[0].resource.map((r) => r.type)).toEqual(['Location', 'MeasureReport']);
  });

  it('lists every ward and bed as a valid searchset Bundle, without patient data, to anyone', async () => {
    const bundle = await fhir<Bundle<Location>>('/fhir/Location');
    const [{ rooms }] = await t.db.query(`SELECT count(*)::int AS rooms FROM rooms`);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 11 + rooms + 148 });
    expect(bundle.entry.filter((e) => e.resource.physicalType.coding[0].code === 'wa')).toHaveLength(11);
    expect(bundle.entry.filter((e) => e.resource.physicalType.coding[0].code === 'ro')).toHaveLength(rooms);
    const text = JSON.stringify(bundle);
    expect(text).not.toMatch(/SEED-|medical|Patient/i);
    const first = bundle.entry.find((e) => e.resource.physicalType.coding[0].code === 'bd')!;
    expect(first.fullUrl).toMatch(new RegExp(`/fhir/Location/${first.resource.id}$`));
  });

  it('searches by physical-type, partof and operational-status', async () => {
    const onlyWards = await fhir<Bundle<Location>>('/fhir/Location?physical-type=wa');
    expect(onlyWards.total).toBe(11);
    const pd3 = await fhir<Bundle<Location>>(`/fhir/Location?physical-type=bd&partof=Location/${wardId('PD3')}`);
    expect(pd3.total).toBe(26);
    // Each bed is part of a room, each room part of the ward.
    const pd3Rooms = (await t.db.query(`SELECT id FROM rooms WHERE ward_id = $1`, [wardId('PD3')])).map((r: { id: string }) => `Location/${r.id}`);
    expect(pd3.entry.every((e) => pd3Rooms.includes(e.resource.partOf?.reference))).toBe(true);
    const rooms = await fhir<Bundle<Location>>(`/fhir/Location?physical-type=ro&partof=Location/${wardId('PD3')}`);
    expect(rooms.total).toBe(pd3Rooms.length);
    expect(rooms.entry.every((e) => e.resource.partOf?.reference === `Location/${wardId('PD3')}`)).toBe(true);
    const inRoom = await fhir<Bundle<Location>>(`/fhir/Location?partof=${pd3Rooms[0]}`);
    expect(inRoom.total).toBeGreaterThan(0);
    expect(inRoom.entry.every((e) => e.resource.partOf?.reference === pd3Rooms[0])).toBe(true);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM beds WHERE status IN ('OCCUPIED', 'CLEANING')`);
    const busy = await fhir<Bundle<Location>>('/fhir/Location?operational-status=O,H');
    expect(busy.total).toBe(n);
    expect(busy.entry.every((e) => ['O', 'H'].includes(e.resource.operationalStatus!.code))).toBe(true);
    const system = await fhir<Bundle<Location>>('/fhir/Location?operational-status=http://terminology.hl7.org/CodeSystem/v2-0116|O');
    expect(system.total).toBeLessThan(n);
  });

  it("follows a bed's status through admission, transfer and discharge", async () => {
    const [a, b]: { id: string; version: number }[] = await t.db.query(
      `SELECT id, version FROM beds WHERE ward_id = $1 AND status = 'AVAILABLE' ORDER BY code LIMIT 2`,
      [wardId('KL1')],
    );
    expect((await fhir<Location>(`/fhir/Location/${a.id}`)).operationalStatus).toMatchObject({ code: 'U', display: 'Unoccupied' });
    const admitted = await t.gql<{ admitPatient: { version: number } }>(
      `mutation($i: AdmitPatientInput!) { admitPatient(input: $i) { version } }`,
      { i: { bedId: a.id, expectedVersion: a.version, medicalRecordNumber: 'FHIR-1', emergency: false, payerStatus: 'BPJS_ACTIVE' } },
      admin,
    );
    expect(admitted.errors).toBeUndefined();
    const occupied = await fhir<Location>(`/fhir/Location/${a.id}`);
    expect(occupied.operationalStatus).toMatchObject({ code: 'O' });
    expect(JSON.stringify(occupied)).not.toContain('FHIR-1');

    const moved = await t.gql<{ transferPatient: { toBed: { version: number } } }>(
      `mutation($i: TransferPatientInput!) { transferPatient(input: $i) { toBed { version } } }`,
      { i: { fromBedId: a.id, toBedId: b.id, fromVersion: admitted.data!.admitPatient.version, toVersion: b.version, reason: 'pindah kamar' } },
      admin,
    );
    expect(moved.errors).toBeUndefined();
    expect((await fhir<Location>(`/fhir/Location/${a.id}`)).operationalStatus).toMatchObject({ code: 'H', display: 'Housekeeping' });
    expect((await fhir<Location>(`/fhir/Location/${b.id}`)).operationalStatus).toMatchObject({ code: 'O' });

    const out = await t.gql(
      `mutation($i: DischargePatientInput!) { dischargePatient(input: $i) { status } }`,
      { i: { bedId: b.id, expectedVersion: moved.data!.transferPatient.toBed.version } },
      admin,
    );
    expect(out.errors).toBeUndefined();
    expect((await fhir<Location>(`/fhir/Location/${b.id}`)).operationalStatus).toMatchObject({ code: 'H' });
  });

  it('reads a ward, and a reserved bed without an operational status (0116 has no code for it)', async () => {
    const ward = await fhir<Location>(`/fhir/Location/${wardId('ICU')}`);
    expect(ward).toMatchObject({ resourceType: 'Location', name: 'ICU', physicalType: { coding: [{ code: 'wa' }] } });
    const [bed]: { id: string; version: number }[] = await t.db.query(`SELECT id, version FROM beds WHERE status = 'AVAILABLE' ORDER BY code LIMIT 1`);
    const res = await t.gql(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { status } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, status: 'RESERVED' } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const reserved = await fhir<Location>(`/fhir/Location/${bed.id}`);
    expect(reserved.operationalStatus).toBeUndefined();
    expect(reserved.status).toBe('active');
  });

  it('reports the SANER bed measures per ward, equal to the counters', async () => {
    const bundle = await fhir<Bundle<MeasureReport>>('/fhir/MeasureReport');
    expect(bundle.total).toBe(11);
    const counts: { ward_id: string; total: number; occupied: number; available: number }[] = await t.db.query(
      `SELECT ward_id, sum(total)::int AS total, sum(occupied)::int AS occupied, sum(available)::int AS available FROM ward_availability GROUP BY ward_id`,
    );
    for (const c of counts) {
      const report = bundle.entry.find((e) => e.resource.subject.reference === `Location/${c.ward_id}`)!.resource;
      expect([population(report, 'numTotBeds'), population(report, 'numTotBedsOcc'), population(report, 'numTotBedsAvail')]).toEqual([
        c.total,
        c.occupied,
        c.available,
      ]);
    }
    const icu = await fhir<Bundle<MeasureReport>>(`/fhir/MeasureReport?subject=Location/${wardId('ICU')}`);
    expect(icu.total).toBe(1);
    expect(population(icu.entry[0].resource, 'numICUBeds')).toBe(6);
    expect(population(icu.entry[0].resource, 'numTotBeds')).toBe(6);
    const kl1 = await fhir<Bundle<MeasureReport>>(`/fhir/MeasureReport?subject=${wardId('KL1')}`);
    expect(population(kl1.entry[0].resource, 'numICUBeds')).toBe(0);
  });

  it('reports a past instant or day from the bed history', async () => {
    const [bed]: { id: string; version: number; ward_id: string }[] = await t.db.query(
      `SELECT id, version, ward_id FROM beds WHERE status = 'AVAILABLE' AND ward_id = $1 ORDER BY code LIMIT 1`,
      [wardId('PD2')],
    );
    const before = new Date().toISOString();
    const avail = async (period: string) =>
      population(
        (await fhir<Bundle<MeasureReport>>(`/fhir/MeasureReport?subject=Location/${bed.ward_id}&period=${encodeURIComponent(period)}`)).entry[0].resource,
        'numTotBedsAvail',
      );
    const availableBefore = await avail(before);
    await new Promise((r) => setTimeout(r, 20));
    const res = await t.gql(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { status } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, status: 'CLOSED', reason: 'rusak' } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(await avail(before)).toBe(availableBefore);
    expect(await avail(new Date().toISOString())).toBe(availableBefore - 1);
    // Before the seed, no bed existed.
    const old = await fhir<Bundle<MeasureReport>>(`/fhir/MeasureReport?subject=Location/${bed.ward_id}&period=2020-01-01`);
    expect(population(old.entry[0].resource, 'numTotBeds')).toBe(0);
    expect(old.entry[0].resource.period).toEqual({ start: '2019-12-31T16:00:00.000Z', end: '2020-01-01T15:59:59.999Z' });
  });

  it('refuses bad searches and unknown resources with an OperationOutcome and the right status', async () => {
    const cases: [string, number, string, RegExp][] = [
      ['/fhir/Location?physical-type=si', 400, 'invalid', /physical-type must be wa \(ward\), ro \(room\) or bd \(bed\)/],
      ['/fhir/Location?partof=ward-1', 400, 'invalid', /partof must be Location\/<id>/],
      ['/fhir/Location?operational-status=X', 400, 'invalid', /HL7 v2 table 0116 codes \(U, O, H, C, I, K\)/],
      ['/fhir/Location?name=ICU', 400, 'invalid', /Unsupported search parameter name/],
      ['/fhir/Location?physical-type=wa&physical-type=bd', 400, 'invalid', /Give physical-type once/],
      ['/fhir/Location/00000000-0000-4000-8000-000000000000', 404, 'not-found', /does not exist/],
      ['/fhir/Location/PD3', 404, 'not-found', /Location\/PD3 does not exist/],
      ['/fhir/MeasureReport?period=2999-01-01', 400, 'invalid', /in the future/],
      ['/fhir/MeasureReport?period=2026-02-30', 400, 'invalid', /not a calendar date/],
      ['/fhir/MeasureReport?period=yesterday', 400, 'invalid', /period must be a date/],
      ['/fhir/MeasureReport?subject=Patient/1', 400, 'invalid', /subject must be Location\/<id>/],
      ['/fhir/Patient', 404, 'not-supported', /Location and MeasureReport only, not Patient/],
      ['/fhir/Encounter/1', 404, 'not-supported', /not Encounter/],
    ];
    for (const [path, status, code, message] of cases) {
      const outcome = await fhir<Resource & { issue: { code: string; diagnostics: string }[] }>(path, status);
      expect({ path, type: outcome.resourceType, code: outcome.issue[0].code }).toEqual({ path, type: 'OperationOutcome', code });
      expect(outcome.issue[0].diagnostics).toMatch(message);
    }
  });
});
