import { localDateOf } from '../src/indicators/indicators';
import { TestApp, errorCode } from './support/test-app';

const FIGURES = `days beds bedDays patientDays discharges deaths dischargesWithOutcome totalLengthOfStay bor alos toi bto cleanings averageCleaningMinutes`;
const QUERY = `query($h: String!, $w: ID, $from: String!, $to: String!) {
  bedIndicators(hospitalCode: $h, wardId: $w, from: $from, to: $to) {
    hospitalCode wardId from to timeZone
    total { ${FIGURES} }
    breakdown { wardId wardName bedClass ${FIGURES} }
    daily { date beds patientDays discharges deaths bor }
  }
}`;

interface Figures {
  patientDays: number;
  discharges: number;
  deaths: number;
  bor: number | null;
  alos: number | null;
  toi: number | null;
  bto: number | null;
  [k: string]: unknown;
}
interface Indicators {
  bedIndicators: {
    total: Figures;
    breakdown: (Figures & { wardId: string; wardName: string; bedClass: string })[];
    daily: { date: string; beds: number; patientDays: number; discharges: number; deaths: number; bor: number | null }[];
  };
}

/** An instant in WITA (UTC+8), the hospital's local time. */
const wita = (s: string): string => new Date(`${s}:00+08:00`).toISOString();

describe('bed indicators', () => {
  let t: TestApp;
  let wardId: string;
  let admin: string;
  const bed: Record<'B1' | 'B2' | 'B3', string> = { B1: '', B2: '', B3: '' };

  /**
   * A scripted September 2026 (30 days) in a ward of its own, "Uji Indikator", with three
   * Kelas III beds that exist since August 1. Times WITA.
   *
   * P1  B1  in Sep 1 10:00, out Sep 5 09:00, alive.     census nights Sep 1-4 = 4;   LOS 5 - 1 = 4
   * P2  B2  in Aug 28 08:00, out Sep 3 12:00, alive.    census nights Sep 1-2 = 2;   LOS Sep 3 - Aug 28 = 6
   * P3  B3  in Sep 10 08:00, out Sep 10 20:00, died.    came and left the same day = 1; LOS 1 (minimum)
   * P4  B1  in Sep 20 14:00, still admitted.            census nights Sep 20-30 = 11; not a discharge
   * P5  B2  in Sep 25 09:00, moved to B3 Sep 27 10:00, out Sep 29 08:00, outcome not recorded.
   *                                                     census nights Sep 25-28 = 4;  LOS 29 - 25 = 4
   * CLEANING -> AVAILABLE: B1 Sep 5 09:00-11:00 = 120 min; B2 Sep 3 12:00-13:00 = 60;
   * B3 Sep 10 20:00-20:30 = 30; B2 Sep 27 10:00-10:45 = 45 (B3 is still cleaning after P5).
   *
   * Bed days 3 × 30 = 90. Patient days 4 + 2 + 1 + 11 + 4 = 22. Discharges 4 (P1, P2, P3, P5),
   * deaths 1, outcome recorded for 3. Total LOS 4 + 6 + 1 + 4 = 15.
   *   BOR  = 22 / 90 × 100     = 24.44 %
   *   ALOS = 15 / 4            = 3.75 days
   *   TOI  = (90 - 22) / 4     = 17 days
   *   BTO  = 4 / 3             = 1.33 times
   *   cleaning (120 + 60 + 30 + 45) / 4 = 63.75 min
   *
   * Sep 1-10 only: patient days P1 4 + P2 2 + P3 1 = 7; bed days 30; discharges 3 (P1, P2, P3);
   * LOS 4 + 6 + 1 = 11; BOR 7 / 30 × 100 = 23.33; ALOS 11 / 3 = 3.67; TOI (30 - 7) / 3 = 7.67;
   * BTO 3 / 3 = 1; cleanings 120, 60, 30: 70 min.
   */
  async function scriptMonth(): Promise<void> {
    const [{ id: hospitalId }] = await t.db.query(`SELECT id FROM hospitals WHERE code = 'RSUD-SKLERIK'`);
    [{ id: wardId }] = await t.db.query(`INSERT INTO wards (hospital_id, code, name, service) VALUES ($1, 'UJI', 'Uji Indikator', 'Uji') RETURNING id`, [
      hospitalId,
    ]);
    const [{ id: roomId }] = await t.db.query(`INSERT INTO rooms (ward_id, code, name) VALUES ($1, 'K1', 'Kamar uji') RETURNING id`, [wardId]);
    const finalStatus = { B1: 'OCCUPIED', B2: 'AVAILABLE', B3: 'CLEANING' } as const;
    for (const code of ['B1', 'B2', 'B3'] as const) {
      [{ id: bed[code] }] = await t.db.query(
        `INSERT INTO beds (hospital_id, ward_id, room_id, code, bed_class, status, status_since) VALUES ($1, $2, $3, $4, 'KELAS_3', $5, now()) RETURNING id`,
        [hospitalId, wardId, roomId, `UJI-${code}`, finalStatus[code]],
      );
    }
    await t.db.query(
      `INSERT INTO ward_availability (ward_id, bed_class, total, available, occupied, reserved, cleaning, closed, seq)
       VALUES ($1, 'KELAS_3', 3, 1, 1, 0, 1, 0, 1)`,
      [wardId],
    );
    const admit = async (mrn: string, bedCode: keyof typeof bed, inAt: string, outAt: string | null, died: boolean | null) => {
      const [{ id }] = await t.db.query(
        `INSERT INTO admissions (bed_id, medical_record_number, emergency, payer_status, admitted_at, discharged_at, died)
         VALUES ($1, $2, false, 'BPJS_ACTIVE', $3, $4, $5) RETURNING id`,
        [bed[bedCode], mrn, wita(inAt), outAt ? wita(outAt) : null, died],
      );
      return id as string;
    };
    const p1 = await admit('UJI-P1', 'B1', '2026-09-01T10:00', '2026-09-05T09:00', false);
    const p2 = await admit('UJI-P2', 'B2', '2026-08-28T08:00', '2026-09-03T12:00', false);
    const p3 = await admit('UJI-P3', 'B3', '2026-09-10T08:00', '2026-09-10T20:00', true);
    const p4 = await admit('UJI-P4', 'B1', '2026-09-20T14:00', null, null);
    const p5 = await admit('UJI-P5', 'B3', '2026-09-25T09:00', '2026-09-29T08:00', null);
    await t.db.query(`UPDATE beds SET current_admission_id = $2 WHERE id = $1`, [bed.B1, p4]);
    const events: [keyof typeof bed, string | null, string, string, string | null][] = [
      ['B1', null, 'AVAILABLE', '2026-08-01T00:00', null],
      ['B2', null, 'AVAILABLE', '2026-08-01T00:00', null],
      ['B3', null, 'AVAILABLE', '2026-08-01T00:00', null],
      ['B2', 'AVAILABLE', 'OCCUPIED', '2026-08-28T08:00', p2],
      ['B1', 'AVAILABLE', 'OCCUPIED', '2026-09-01T10:00', p1],
      ['B2', 'OCCUPIED', 'CLEANING', '2026-09-03T12:00', p2],
      ['B2', 'CLEANING', 'AVAILABLE', '2026-09-03T13:00', null],
      ['B1', 'OCCUPIED', 'CLEANING', '2026-09-05T09:00', p1],
      ['B1', 'CLEANING', 'AVAILABLE', '2026-09-05T11:00', null],
      ['B3', 'AVAILABLE', 'OCCUPIED', '2026-09-10T08:00', p3],
      ['B3', 'OCCUPIED', 'CLEANING', '2026-09-10T20:00', p3],
      ['B3', 'CLEANING', 'AVAILABLE', '2026-09-10T20:30', null],
      ['B1', 'AVAILABLE', 'OCCUPIED', '2026-09-20T14:00', p4],
      ['B2', 'AVAILABLE', 'OCCUPIED', '2026-09-25T09:00', p5],
      ['B2', 'OCCUPIED', 'CLEANING', '2026-09-27T10:00', p5],
      ['B3', 'AVAILABLE', 'OCCUPIED', '2026-09-27T10:00', p5],
      ['B2', 'CLEANING', 'AVAILABLE', '2026-09-27T10:45', null],
      ['B3', 'OCCUPIED', 'CLEANING', '2026-09-29T08:00', p5],
    ];
    for (const [b, from, to, at, admission] of events) {
      await t.db.query(`INSERT INTO bed_events (bed_id, from_status, to_status, reason, at, admission_id) VALUES ($1, $2, $3, 'scripted', $4, $5)`, [
        bed[b],
        from,
        to,
        wita(at),
        admission,
      ]);
    }
  }

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    await scriptMonth();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives the hand-worked BOR, ALOS, TOI and BTO of the scripted month, to a logged-in user', async () => {
    const res = await t.gql<Indicators>(QUERY, { h: 'RSUD-SKLERIK', w: wardId, from: '2026-09-01', to: '2026-09-30' }, admin);
    expect(res.errors).toBeUndefined();
    const r = res.data!.bedIndicators;
    const month = {
      days: 30,
      beds: 3,
      bedDays: 90,
      patientDays: 22,
      discharges: 4,
      deaths: 1,
      dischargesWithOutcome: 3,
      totalLengthOfStay: 15,
      bor: 24.44,
      alos: 3.75,
      toi: 17,
      bto: 1.33,
      cleanings: 4,
      averageCleaningMinutes: 63.75,
    };
    expect(r.total).toEqual(month);
    expect(r.breakdown).toEqual([{ wardId, wardName: 'Uji Indikator', bedClass: 'KELAS_3', ...month }]);
    expect(r.daily).toHaveLength(30);
    expect(r.daily[0]).toEqual({ date: '2026-09-01', beds: 3, patientDays: 2, discharges: 0, deaths: 0, bor: 66.67 });
    expect(r.daily[9]).toEqual({ date: '2026-09-10', beds: 3, patientDays: 1, discharges: 1, deaths: 1, bor: 33.33 });
    expect(r.daily.reduce((s, d) => s + d.patientDays, 0)).toBe(22);
  });

  it('recomputes any past period from the history', async () => {
    const res = await t.gql<Indicators>(QUERY, { h: 'RSUD-SKLERIK', w: wardId, from: '2026-09-01', to: '2026-09-10' }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!.bedIndicators.total).toMatchObject({
      days: 10,
      bedDays: 30,
      patientDays: 7,
      discharges: 3,
      totalLengthOfStay: 11,
      bor: 23.33,
      alos: 3.67,
      toi: 7.67,
      bto: 1,
      cleanings: 3,
      averageCleaningMinutes: 70,
    });
  });

  it('gives every ward and class of the hospital without wardId', async () => {
    const res = await t.gql<Indicators>(QUERY, { h: 'RSUD-SKLERIK', from: '2026-09-01', to: '2026-09-30' }, admin);
    expect(res.errors).toBeUndefined();
    const groups = res.data!.bedIndicators.breakdown;
    const [{ n }] = await t.db.query(`SELECT count(DISTINCT (ward_id, bed_class))::int AS n FROM beds`);
    expect(groups.length).toBe(n);
    // The seeded wards' beds were created at seed time (today), after September: no bed days.
    expect(groups.filter((g) => g.wardId !== wardId).every((g) => g.bedDays === 0)).toBe(true);
    expect(groups.find((g) => g.wardId === wardId)!.bor).toBe(24.44);
    expect(res.data!.bedIndicators.total).toMatchObject({ patientDays: 22, discharges: 4, bor: 24.44 });
  });

  it('gives anonymous callers no deaths and withholds small discharge counts', async () => {
    const res = await t.gql<Indicators>(QUERY, { h: 'RSUD-SKLERIK', w: wardId, from: '2026-09-01', to: '2026-09-30' });
    // Every deaths field is refused, at its path; the rest is delivered.
    expect(res.errors!.length).toBe(1 + 1 + 30);
    expect(new Set(res.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['UNAUTHENTICATED']));
    expect(res.errors![0].message).toMatch(
      /^You may not read deaths in the bed indicators .*; it is readable by ADMIN, WARD_STAFF \(own wards\), ADMISSIONS\. Log in first/,
    );
    const r = res.data!.bedIndicators;
    const withheld = { discharges: null, dischargesWithOutcome: null, totalLengthOfStay: null, alos: null, toi: null, bto: null, deaths: null };
    // 4 discharges (< 5): the discharge figures are withheld; occupancy figures stay.
    expect(r.total).toEqual({ days: 30, beds: 3, bedDays: 90, patientDays: 22, bor: 24.44, cleanings: 4, averageCleaningMinutes: 63.75, ...withheld });
    expect(r.breakdown[0]).toMatchObject({ patientDays: 22, bor: 24.44, ...withheld });
    expect(r.daily[9]).toEqual({ date: '2026-09-10', beds: 3, patientDays: 1, discharges: null, deaths: null, bor: 33.33 });

    const flags = await t.gql<{ bedIndicators: { total: { suppressed: boolean }; daily: { suppressed: boolean }[] } }>(
      `query($h: String!, $w: ID) { bedIndicators(hospitalCode: $h, wardId: $w, from: "2026-09-01", to: "2026-09-30") { total { suppressed } daily { suppressed } } }`,
      { h: 'RSUD-SKLERIK', w: wardId },
    );
    expect(flags.errors).toBeUndefined();
    expect(flags.data!.bedIndicators.total.suppressed).toBe(true);
    expect(flags.data!.bedIndicators.daily.every((d) => d.suppressed)).toBe(true);
    const loggedIn = await t.gql<{ bedIndicators: { total: { suppressed: boolean } } }>(
      `query($h: String!, $w: ID) { bedIndicators(hospitalCode: $h, wardId: $w, from: "2026-09-01", to: "2026-09-30") { total { suppressed } } }`,
      { h: 'RSUD-SKLERIK', w: wardId },
      admin,
    );
    expect(loggedIn.data!.bedIndicators.total.suppressed).toBe(false);
  });

  it('gives deaths to ward staff only for their own ward, and not to VERIFIER, FINANCE or AUDITOR', async () => {
    const [other]: { id: string }[] = await t.db.query(`SELECT id FROM wards WHERE id <> $1 ORDER BY code LIMIT 1`, [wardId]);
    const own = await t.userToken(['WARD_STAFF'], [wardId], admin);
    const foreign = await t.userToken(['WARD_STAFF'], [other.id], admin);
    const auditor = await t.userToken(['AUDITOR'], [], admin);
    const DEATHS = `query($h: String!, $w: ID) { bedIndicators(hospitalCode: $h, wardId: $w, from: "2026-09-01", to: "2026-09-30") { total { deaths } breakdown { wardId deaths } } }`;
    const mine = await t.gql<{ bedIndicators: { total: { deaths: number | null } } }>(DEATHS, { h: 'RSUD-SKLERIK', w: wardId }, own);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.bedIndicators.total.deaths).toBe(1);
    for (const token of [foreign, auditor]) {
      const refused = await t.gql<{ bedIndicators: { total: { deaths: number | null } } }>(DEATHS, { h: 'RSUD-SKLERIK', w: wardId }, token);
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(refused.data!.bedIndicators.total.deaths).toBeNull();
    }
    // The whole hospital is more than the staff's ward: the total is refused, their ward's rows are not.
    const hospital = await t.gql<{ bedIndicators: { total: { deaths: number | null }; breakdown: { wardId: string; deaths: number | null }[] } }>(
      DEATHS,
      { h: 'RSUD-SKLERIK' },
      own,
    );
    expect(hospital.data!.bedIndicators.total.deaths).toBeNull();
    expect(hospital.data!.bedIndicators.breakdown.find((g) => g.wardId === wardId)!.deaths).toBe(1);
    expect(hospital.data!.bedIndicators.breakdown.filter((g) => g.wardId !== wardId).every((g) => g.deaths === null)).toBe(true);
    expect(hospital.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('counts a death recorded at discharge through the API', async () => {
    const admitted = await t.gql<{ admitPatient: { version: number } }>(
      `mutation($i: AdmitPatientInput!) { admitPatient(input: $i) { version } }`,
      { i: { bedId: bed.B2, expectedVersion: 1, medicalRecordNumber: 'UJI-P6', emergency: true, payerStatus: 'NO_BPJS' } },
      admin,
    );
    expect(admitted.errors).toBeUndefined();
    const discharged = await t.gql(
      `mutation($i: DischargePatientInput!) { dischargePatient(input: $i) { status } }`,
      { i: { bedId: bed.B2, expectedVersion: admitted.data!.admitPatient.version, died: true } },
      admin,
    );
    expect(discharged.errors).toBeUndefined();
    const today = localDateOf(new Date());
    const res = await t.gql<Indicators>(QUERY, { h: 'RSUD-SKLERIK', w: wardId, from: today, to: today }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!.bedIndicators.total).toMatchObject({ discharges: 1, deaths: 1, dischargesWithOutcome: 1, totalLengthOfStay: 1 });
  });

  it('refuses bad periods, unknown hospitals and wards with clear errors', async () => {
    const bad = await t.gql(QUERY, { h: 'RSUD-SKLERIK', from: '2026-09-31', to: '2026-10-01' });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].message).toBe('from must be a date YYYY-MM-DD, got "2026-09-31".');
    const reversed = await t.gql(QUERY, { h: 'RSUD-SKLERIK', from: '2026-09-02', to: '2026-09-01' });
    expect(errorCode(reversed)).toBe('BAD_USER_INPUT');
    const long = await t.gql(QUERY, { h: 'RSUD-SKLERIK', from: '2025-01-01', to: '2026-09-01' });
    expect(long.errors![0].message).toMatch(/at most 366/);
    const hospital = await t.gql(QUERY, { h: 'NOPE', from: '2026-09-01', to: '2026-09-02' });
    expect(errorCode(hospital)).toBe('NOT_FOUND');
    const ward = await t.gql(QUERY, { h: 'RSUD-SKLERIK', w: '00000000-0000-4000-8000-000000000000', from: '2026-09-01', to: '2026-09-02' });
    expect(errorCode(ward)).toBe('NOT_FOUND');
    const notUuid = await t.gql(QUERY, { h: 'RSUD-SKLERIK', w: 'ward-1', from: '2026-09-01', to: '2026-09-02' });
    expect(errorCode(notUuid)).toBe('BAD_USER_INPUT');
  });
});
