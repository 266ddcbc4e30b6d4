import type { Client } from 'graphql-ws';
import request from 'supertest';
import { Watch, wsClient } from './support/live';
import { claimInput, seededFundId, settled } from './ledger-support';
import { TestApp, type GqlResponse } from './support/test-app';

/**
 * Walks every cell of the access matrix (README, "Access matrix"): each caller × each kind of
 * data, allowed or refused with the right code. The expected table is written out here on its
 * own, not read from src/auth/access-matrix.ts, so a change of the matrix fails this test.
 */

const CALLERS = ['anonymous', 'admin', 'wardStaff', 'otherWardStaff', 'admissions', 'otherAdmissions', 'verifier', 'finance', 'auditor'] as const;
type Caller = (typeof CALLERS)[number];
type Outcome = 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED';

const U = 'UNAUTHENTICATED' as const;
const F = 'FORBIDDEN' as const;
const row = (...cells: Outcome[]): Record<Caller, Outcome> => Object.fromEntries(CALLERS.map((c, i) => [c, cells[i]])) as Record<Caller, Outcome>;

//                                  anonymous admin wardStaff otherWard admissions otherAdm verifier finance auditor
const EXPECTED = {
  publicAvailability: /*        */ row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
  bedStates: /*                 */ row(U, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
  admission: /*                 */ row(U, 'ok', 'ok', F, 'ok', 'ok', F, F, F),
  bedHistory: /*                */ row(U, 'ok', 'ok', F, 'ok', 'ok', F, F, F),
  claim: /*                     */ row(U, F, F, F, 'ok', F, 'ok', 'ok', 'ok'),
  drawdowns: /*                 */ row(U, F, F, F, F, F, 'ok', 'ok', 'ok'),
  claimAdmission: /*            */ row(U, F, F, F, 'ok', F, 'ok', 'ok', 'ok'),
  csvExport: /*                 */ row(U, F, F, F, F, F, F, 'ok', 'ok'),
  indicatorCounts: /*           */ row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
  indicatorDeaths: /*           */ row(U, 'ok', 'ok', F, 'ok', 'ok', F, F, F),
  availabilityChanged: /*       */ row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
  bedChanged: /*                */ row(U, 'ok', 'ok', F, 'ok', 'ok', F, F, F),
  claimChanged: /*              */ row(U, F, F, F, F, F, 'ok', 'ok', 'ok'),
  fundBalanceChanged: /*        */ row(U, F, F, F, F, F, 'ok', 'ok', 'ok'),
};
type Item = keyof typeof EXPECTED;

const outcome = (res: GqlResponse): Outcome | string => (res.errors ? String(res.errors[0].extensions?.code) : 'ok');

describe('access matrix: every caller × every kind of data', () => {
  let t: TestApp;
  let wardA: string;
  let wardB: string;
  let occupiedBed: string;
  let historyBed: string;
  let fundId: string;
  let claimId: string;
  let mrn: string;
  const tokens = {} as Record<Caller, string | undefined>;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.adminToken();
    const wards: { id: string }[] = await t.db.query(
      `SELECT w.id FROM wards w WHERE EXISTS (SELECT 1 FROM beds b WHERE b.ward_id = w.id) ORDER BY w.code LIMIT 2`,
    );
    [wardA, wardB] = wards.map((w) => w.id);
    const beds: { id: string; version: number }[] = await t.db.query(
      `SELECT id, version FROM beds WHERE ward_id = $1 AND status = 'AVAILABLE' ORDER BY code LIMIT 2`,
      [wardA],
    );
    [occupiedBed, historyBed] = beds.map((b) => b.id);
    mrn = 'RM-MATRIX-1';
    const admitted = await t.gql(
      `mutation($i: AdmitPatientInput!) { admitPatient(input: $i) { id } }`,
      { i: { bedId: occupiedBed, expectedVersion: beds[0].version, medicalRecordNumber: mrn, emergency: true, payerStatus: 'NO_BPJS' } },
      admin,
    );
    expect(admitted.errors).toBeUndefined();
    const closed = await t.gql(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { id } }`,
      { i: { bedId: historyBed, expectedVersion: beds[1].version, status: 'CLOSED', reason: 'AC rusak' } },
      admin,
    );
    expect(closed.errors).toBeUndefined();

    const [wardStaff, otherWardStaff, admissions, otherAdmissions, verifier, finance, auditor] = await Promise.all([
      t.userToken(['WARD_STAFF'], [wardA], admin),
      t.userToken(['WARD_STAFF'], [wardB], admin),
      t.userToken(['ADMISSIONS'], [], admin),
      t.userToken(['ADMISSIONS'], [], admin),
      t.userToken(['VERIFIER'], [], admin),
      t.userToken(['FINANCE'], [], admin),
      t.userToken(['AUDITOR'], [], admin),
    ]);
    Object.assign(tokens, { anonymous: undefined, admin, wardStaff, otherWardStaff, admissions, otherAdmissions, verifier, finance, auditor });

    fundId = await seededFundId(t);
    const [admission]: { id: string }[] = await t.db.query(`SELECT id FROM admissions WHERE medical_record_number = $1`, [mrn]);
    const submitted = await t.gql<{ submitClaim: { id: string } }>(
      `mutation($i: SubmitClaimInput!) { submitClaim(input: $i) { id } }`,
      { i: claimInput(fundId, { medicalRecordNumber: mrn, admissionId: admission.id, nik: '5371010101010001', patientName: 'Yohanes Uji' }) },
      admissions,
    );
    expect(submitted.errors).toBeUndefined();
    claimId = submitted.data!.submitClaim.id;
    await settled(t, claimId);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  const client = (token: string | undefined) => {
    const c = wsClient(t.baseUrl, token);
    clients.push(c);
    return c;
  };

  /** Each item asked the way a client would; the outcome is 'ok' or the first error's code. */
  const probes: Record<
    Exclude<Item, 'availabilityChanged' | 'bedChanged' | 'claimChanged' | 'fundBalanceChanged'>,
    (token: string | undefined) => Promise<string>
  > = {
    publicAvailability: async (token) => outcome(await t.gql(`{ availability(hospitalCode: "RSUD-SKLERIK") { wardId available } }`, {}, token)),
    bedStates: async (token) => {
      const res = await t.gql<{ beds: { edges: { node: { status: string } }[] } }>(
        `query($w: ID) { beds(filter: { wardId: $w }, first: 5) { edges { node { status bedClass version } } } }`,
        { w: wardA },
        token,
      );
      if (!res.errors) expect(res.data!.beds.edges.length).toBeGreaterThan(0);
      return outcome(res);
    },
    admission: async (token) => {
      const res = await t.gql<{ bed: { status: string; currentAdmission: { medicalRecordNumber: string } | null } | null }>(
        `query($id: ID!) { bed(id: $id) { status currentAdmission { medicalRecordNumber payerStatus } } }`,
        { id: occupiedBed },
        token,
      );
      if (!res.errors) expect(res.data!.bed!.currentAdmission!.medicalRecordNumber).toBe(mrn);
      // A refused field is null with the error at its path; the bed's state is still delivered.
      else if (token) expect(res.data!.bed).toMatchObject({ status: 'OCCUPIED', currentAdmission: null });
      if (res.errors && token) expect((res.errors[0] as { path?: unknown }).path).toEqual(['bed', 'currentAdmission']);
      return outcome(res);
    },
    bedHistory: async (token) => {
      const res = await t.gql<{ bedHistory: { edges: { node: { reason: string | null } }[] } }>(
        `query($id: ID!) { bedHistory(bedId: $id) { edges { node { toStatus reason actorId admissionId } } } }`,
        { id: historyBed },
        token,
      );
      if (!res.errors) expect(res.data!.bedHistory.edges.map((e) => e.node.reason)).toContain('AC rusak');
      else expect(res.data?.bedHistory ?? null).toBeNull();
      return outcome(res);
    },
    claim: async (token) => {
      const res = await t.gql<{ claim: { patientName: string; nik: string } }>(
        `query($id: ID!) { claim(id: $id) { patientName nik } }`,
        { id: claimId },
        token,
      );
      if (!res.errors) expect(res.data!.claim).toEqual({ patientName: 'Yohanes Uji', nik: '5371010101010001' });
      return outcome(res);
    },
    drawdowns: async (token) => {
      const res = await t.gql<{ drawdowns: { edges: { node: { patientName: string } }[] } }>(
        `{ drawdowns(first: 5) { edges { node { patientName nik } } } }`,
        {},
        token,
      );
      if (!res.errors) expect(res.data!.drawdowns.edges.map((e) => e.node.patientName)).toContain('Yohanes Uji');
      return outcome(res);
    },
    claimAdmission: async (token) => {
      const res = await t.gql<{ claim: { admission: { medicalRecordNumber: string } } }>(
        `query($id: ID!) { claim(id: $id) { admission { medicalRecordNumber emergency } } }`,
        { id: claimId },
        token,
      );
      if (!res.errors) expect(res.data!.claim.admission.medicalRecordNumber).toBe(mrn);
      return outcome(res);
    },
    csvExport: async (token) => {
      const req = request(t.http).get('/ledger/claims.csv');
      if (token) req.set('authorization', `Bearer ${token}`);
      const res = await req;
      if (res.status === 200) {
        expect(res.text).toContain('Yohanes Uji');
        return 'ok';
      }
      expect(res.status).toBe(res.body.code === 'UNAUTHENTICATED' ? 401 : 403);
      expect(res.text).not.toContain('Yohanes');
      return String(res.body.code);
    },
    indicatorCounts: async (token) =>
      outcome(await t.gql(`{ bedIndicators(hospitalCode: "RSUD-SKLERIK", from: "2026-09-01", to: "2026-09-30") { total { bedDays bor } } }`, {}, token)),
    indicatorDeaths: async (token) => {
      const res = await t.gql<{ bedIndicators: { total: { bor: number | null; deaths: number | null } } }>(
        `query($w: ID) { bedIndicators(hospitalCode: "RSUD-SKLERIK", wardId: $w, from: "2026-09-01", to: "2026-09-30") { total { bor deaths } } }`,
        { w: wardA },
        token,
      );
      if (res.errors)
        expect(res.data!.bedIndicators.total.deaths).toBeNull(); // the rest is still delivered
      else expect(res.data!.bedIndicators.total.deaths).toBe(0);
      return outcome(res);
    },
  };

  for (const item of Object.keys(EXPECTED) as Item[]) {
    if (!(item in probes)) continue;
    it(`${item}: ${CALLERS.map((c) => `${c} ${EXPECTED[item][c]}`).join(', ')}`, async () => {
      const probe = probes[item as keyof typeof probes];
      const got = Object.fromEntries(await Promise.all(CALLERS.map(async (c) => [c, await probe(tokens[c])] as const)));
      expect(got).toEqual(EXPECTED[item]);
    });
  }

  const SUBSCRIPTIONS = {
    availabilityChanged: { query: `subscription { availabilityChanged(hospitalCode: "RSUD-SKLERIK") { wardId available } }`, variables: () => ({}) },
    bedChanged: { query: `subscription($w: ID!) { bedChanged(wardId: $w) { bedId status } }`, variables: () => ({ w: wardA }) },
    claimChanged: { query: `subscription($f: ID!) { claimChanged(fundId: $f) { claimId status medicalRecordNumber } }`, variables: () => ({ f: fundId }) },
    fundBalanceChanged: { query: `subscription($f: ID!) { fundBalanceChanged(fundId: $f) { fundId available } }`, variables: () => ({ f: fundId }) },
  } as const;

  it('subscriptions: every caller × availabilityChanged, bedChanged, claimChanged, fundBalanceChanged', async () => {
    const watches = new Map<string, Watch<Record<string, unknown>>>();
    for (const [name, sub] of Object.entries(SUBSCRIPTIONS)) {
      for (const c of CALLERS) watches.set(`${name}/${c}`, new Watch(client(tokens[c]), sub.query, sub.variables()));
    }
    const settledOutcome = (w: Watch<Record<string, unknown>>) => w.data.length > 0 || w.errorCode !== undefined;
    // claimChanged has no current state to send: a new claim makes a message for those who may read it.
    const allowedClaimWatchers = CALLERS.filter((c) => EXPECTED.claimChanged[c] === 'ok').map((c) => watches.get(`claimChanged/${c}`)!);
    await Promise.all(
      [...watches.entries()]
        .filter(([k]) => !k.startsWith('claimChanged/') || !allowedClaimWatchers.includes(watches.get(k)!))
        .map(([k, w]) => w.until(settledOutcome, k)),
    );
    const more = await t.gql<{ submitClaim: { id: string } }>(
      `mutation($i: SubmitClaimInput!) { submitClaim(input: $i) { id } }`,
      { i: claimInput(fundId, { amount: '1000' }) },
      tokens.admissions,
    );
    expect(more.errors).toBeUndefined();
    await Promise.all(allowedClaimWatchers.map((w, i) => w.until(settledOutcome, `claimChanged of allowed caller ${i}`)));

    const got: Record<string, Record<Caller, string>> = {};
    for (const name of Object.keys(SUBSCRIPTIONS)) {
      got[name] = Object.fromEntries(
        CALLERS.map((c) => {
          const w = watches.get(`${name}/${c}`)!;
          return [c, w.errorCode ?? (w.data.length > 0 ? 'ok' : 'nothing')];
        }),
      ) as Record<Caller, string>;
    }
    expect(got).toEqual({
      availabilityChanged: EXPECTED.availabilityChanged,
      bedChanged: EXPECTED.bedChanged,
      claimChanged: EXPECTED.claimChanged,
      fundBalanceChanged: EXPECTED.fundBalanceChanged,
    });
    for (const w of watches.values()) w.close();
  });

  it('says in a refusal who may read the data', async () => {
    const res = await t.gql(`query($id: ID!) { bedHistory(bedId: $id) { totalCount } }`, { id: historyBed }, tokens.verifier);
    expect(res.errors![0].message).toBe(
      'You may not read bed history (bedHistory: actors, admission ids, reasons); it is readable by ADMIN, WARD_STAFF (own wards), ADMISSIONS.',
    );
    const list = await t.gql<{ beds: { edges: { node: { currentAdmission: unknown } }[] } }>(
      `query($w: ID) { beds(filter: { wardId: $w }, first: 3) { edges { node { code currentAdmission { medicalRecordNumber } } } } }`,
      { w: wardA },
      tokens.otherWardStaff,
    );
    // One refusal per bed, each at its own path; the bed states are delivered.
    expect(list.errors!.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(list.data!.beds.edges.every((e) => e.node.currentAdmission === null)).toBe(true);
  });

  it('anonymous FHIR bed Locations look the same after a death as after a discharge alive', async () => {
    const admin = tokens.admin!;
    const beds: { id: string; version: number }[] = await t.db.query(
      `SELECT id, version FROM beds WHERE status = 'AVAILABLE' AND (room_id, bed_class) =
         (SELECT room_id, bed_class FROM beds WHERE status = 'AVAILABLE' GROUP BY 1, 2 HAVING count(*) >= 2 ORDER BY 1, 2 LIMIT 1)
        ORDER BY code LIMIT 2`,
    );
    expect(beds).toHaveLength(2);
    const locations = [];
    for (const [i, died] of [true, false].entries()) {
      const admit = await t.gql<{ admitPatient: { version: number } }>(
        `mutation($i: AdmitPatientInput!) { admitPatient(input: $i) { version } }`,
        { i: { bedId: beds[i].id, expectedVersion: beds[i].version, medicalRecordNumber: `RM-FHIR-${i}`, emergency: true, payerStatus: 'NO_BPJS' } },
        admin,
      );
      const out = await t.gql(
        `mutation($i: DischargePatientInput!) { dischargePatient(input: $i) { status } }`,
        { i: { bedId: beds[i].id, expectedVersion: admit.data!.admitPatient.version, died } },
        admin,
      );
      expect(out.errors).toBeUndefined();
      const res = await request(t.http).get(`/fhir/Location/${beds[i].id}`);
      expect(res.status).toBe(200);
      const { id: _id, name: _name, meta: _meta, ...rest } = JSON.parse(res.text) as Record<string, unknown>;
      locations.push(rest);
    }
    expect(locations[0]).toEqual(locations[1]);
    expect(JSON.stringify(locations[0])).not.toMatch(/died|death|deceased/i);
  });
});
