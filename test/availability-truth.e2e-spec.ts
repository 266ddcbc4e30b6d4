import type { NestExpressApplication } from '@nestjs/platform-express';
import { FakeRsOnline } from './support/fake-rsonline';
import { startReplica } from './ledger-support';
import { TestApp, errorCode } from './support/test-app';

const HOSPITAL = 'RSUD-SKLERIK';
/** Reservations in this suite run out after about a second and a half. */
const SHORT_HOURS = 1.5 / 3600;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Counts {
  wardId: string;
  wardName: string;
  bedClass: string;
  rsOnlineCode: number;
  available: number;
  waiting: number;
  waitingAnyWard: number;
  availableForNewcomer: number;
  freeMaleOnly: number;
  freeFemaleOnly: number;
  freeEither: number;
  expectedFreeWithin24h: number;
}
const AVAILABILITY = `{ availability(hospitalCode: "${HOSPITAL}") { wardId wardName bedClass rsOnlineCode available waiting waitingAnyWard availableForNewcomer freeMaleOnly freeFemaleOnly freeEither expectedFreeWithin24h } }`;
const ADMIT = `mutation($i: AdmitPatientInput!) { admitPatient(input: $i) { id status currentAdmission { sex expectedDischargeAt } } }`;
const RESERVE = `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { id status version reservedUntil reservationPurpose } }`;
const HISTORY = `query($id: ID!) { bedHistory(bedId: $id, first: 1) { edges { node { fromStatus toStatus actorId reason } } } }`;

/**
 * The waiting list, reservations that run out, rooms by sex and expected discharges, on the
 * demo hospital: an API process and a worker process (the worker restarted in between).
 */
describe('truthful availability', () => {
  const fake = new FakeRsOnline('5371015', 'rahasia-rs');
  let t: TestApp;
  let worker: NestExpressApplication | null = null;
  let admin: string;
  const workerEnv = (): Record<string, string> => ({
    ROLE: 'worker',
    RESERVATION_SWEEP_SECONDS: '0.3',
    RSONLINE_URL: fake.url,
    RSONLINE_RS_ID: fake.rsId,
    RSONLINE_PASSWORD: 'rahasia-rs',
    RSONLINE_DEBOUNCE_MS: '200',
    RSONLINE_INTERVAL_SECONDS: '3600',
    RSONLINE_TIMEOUT_MS: '2000',
  });

  const counts = async (): Promise<Counts[]> => {
    const res = await t.gql<{ availability: Counts[] }>(AVAILABILITY);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.availability;
  };
  const bedOf = async (where: string, params: unknown[] = []): Promise<{ id: string; version: number; ward_id: string; bed_class: string }> => {
    const rows: { id: string; version: number; ward_id: string; bed_class: string }[] = await t.db.query(
      `SELECT b.id, b.version, b.ward_id, b.bed_class FROM beds b JOIN rooms r ON r.id = b.room_id
        WHERE b.retired_at IS NULL AND ${where} ORDER BY b.code LIMIT 1`,
      params,
    );
    if (rows.length === 0) throw new Error(`no bed where ${where}`);
    return rows[0];
  };

  beforeAll(async () => {
    await fake.start();
    t = await TestApp.start({ ROLE: 'api' });
    admin = await t.adminToken();
    worker = await startReplica(t, workerEnv());
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await fake.stop();
  });

  it('a waiting patient changes waiting, availableForNewcomer and the RS Online antrian; admitting from the entry removes it', async () => {
    // A ward and class with exactly one free bed in a MIXED room, so one waiting patient fills it for a newcomer.
    const before = await counts();
    const target = before.find((c) => c.available >= 1)!;
    const add = await t.gql<{ addToWaitingList: { id: string; patientReference: string } }>(
      `mutation($i: AddToWaitingListInput!) { addToWaitingList(input: $i) { id patientReference } }`,
      { i: { wardId: target.wardId, bedClass: target.bedClass, patientReference: 'IGD-2025-0042', emergency: true } },
      admin,
    );
    expect(add.errors).toBeUndefined();
    const entryId = add.data!.addToWaitingList.id;
    // The public answer is cached until the change comes through the live feed.
    const row = (want: (c: Counts) => boolean) =>
      waitFor('the counts', async () => (await counts()).find((c) => c.wardId === target.wardId && c.bedClass === target.bedClass && want(c)));
    const after = await row((c) => c.waiting === target.waiting + 1);
    expect(after.waiting).toBe(target.waiting + 1);
    expect(after.availableForNewcomer).toBe(Math.max(0, after.available - after.waiting - after.waitingAnyWard));

    // The same patient twice is refused, and nothing changes.
    const again = await t.gql(
      `mutation($i: AddToWaitingListInput!) { addToWaitingList(input: $i) { id } }`,
      { i: { wardId: target.wardId, bedClass: target.bedClass, patientReference: 'IGD-2025-0042', emergency: false } },
      admin,
    );
    expect(errorCode(again)).toBe('DUPLICATE');

    const reported = await waitFor('antrian at RS Online', async () =>
      [...fake.rows.values()].find((r) => r.ruang === target.wardName && Number(r.id_tt) === target.rsOnlineCode && Number(r.antrian) === after.waiting),
    );
    expect(Number(reported.antrian)).toBe(after.waiting);

    // The public payload carries no patient reference.
    const publicBody = JSON.stringify((await t.gql(AVAILABILITY)).body);
    expect(publicBody).not.toContain('IGD-2025-0042');
    expect(publicBody).not.toContain(entryId);

    const bed = await bedOf(`b.ward_id = $1 AND b.bed_class = $2 AND b.status = 'AVAILABLE' AND r.sex_policy = 'MIXED'`, [target.wardId, target.bedClass]);
    const inTwoHours = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const admit = await t.gql<{ admitPatient: { status: string; currentAdmission: { sex: string; expectedDischargeAt: string } } }>(
      ADMIT,
      {
        i: {
          bedId: bed.id,
          expectedVersion: bed.version,
          medicalRecordNumber: 'RM-778899',
          emergency: true,
          payerStatus: 'BPJS_ACTIVE',
          sex: 'FEMALE',
          expectedDischargeAt: inTwoHours,
          waitingEntryId: entryId,
        },
      },
      admin,
    );
    expect(admit.errors).toBeUndefined();
    expect(admit.data!.admitPatient.currentAdmission).toEqual({ sex: 'FEMALE', expectedDischargeAt: inTwoHours });
    const admitted = await row((c) => c.waiting === target.waiting);
    expect(admitted.available).toBe(after.available - 1);
    expect(admitted.expectedFreeWithin24h).toBe(after.expectedFreeWithin24h + 1);
    const list = await t.gql<{ waitingList: { id: string }[] }>(`{ waitingList { id } }`, {}, admin);
    expect(list.data!.waitingList.map((e) => e.id)).not.toContain(entryId);
    await waitFor('antrian back at RS Online', async () =>
      [...fake.rows.values()].find((r) => r.ruang === target.wardName && Number(r.id_tt) === target.rsOnlineCode && Number(r.antrian) === target.waiting),
    );

    // An entry already removed cannot be admitted from or removed again.
    const removed = await t.gql(`mutation { removeFromWaitingList(input: { id: "${entryId}", reason: LEFT }) { id } }`, {}, admin);
    expect(errorCode(removed)).toBe('INVALID_TRANSITION');
  });

  it('refuses a patient of the other sex from a room, naming its policy; the per-sex counts add up to the free beds', async () => {
    const totalFemale = (await counts()).reduce((n, c) => n + c.freeFemaleOnly, 0);
    const bed = await bedOf(`b.status = 'AVAILABLE' AND r.sex_policy = 'MALE'`);
    const admitWoman = await t.gql(
      ADMIT,
      { i: { bedId: bed.id, expectedVersion: bed.version, medicalRecordNumber: 'RM-555001', emergency: false, payerStatus: 'SELF_PAY', sex: 'FEMALE' } },
      admin,
    );
    expect(errorCode(admitWoman)).toBe('ROOM_SEX_POLICY');
    expect(admitWoman.errors![0].message).toMatch(/takes men only \(MALE\); the patient is FEMALE/);
    // Nothing changed.
    const [still]: { status: string; version: number }[] = await t.db.query(`SELECT status, version FROM beds WHERE id = $1`, [bed.id]);
    expect(still).toEqual({ status: 'AVAILABLE', version: bed.version });

    // A transfer of a woman into that room is refused too.
    const free = await bedOf(`b.status = 'AVAILABLE' AND r.sex_policy = 'FEMALE'`);
    const woman = await t.gql(
      ADMIT,
      { i: { bedId: free.id, expectedVersion: free.version, medicalRecordNumber: 'RM-555002', emergency: false, payerStatus: 'SELF_PAY', sex: 'FEMALE' } },
      admin,
    );
    expect(woman.errors).toBeUndefined();
    const womanBed = await bedOf(`b.id = $1`, [free.id]);
    const transfer = await t.gql(
      `mutation($i: TransferPatientInput!) { transferPatient(input: $i) { toBed { id } } }`,
      { i: { fromBedId: womanBed.id, toBedId: bed.id, fromVersion: womanBed.version, toVersion: bed.version, reason: 'pindah kamar' } },
      admin,
    );
    expect(errorCode(transfer)).toBe('ROOM_SEX_POLICY');

    const before = await waitFor('the woman in the counts', async () => {
      const all = await counts();
      return all.reduce((n, c) => n + c.freeFemaleOnly, 0) === totalFemale - 1 && all;
    });
    const admitMan = await t.gql(
      ADMIT,
      { i: { bedId: bed.id, expectedVersion: bed.version, medicalRecordNumber: 'RM-555001', emergency: false, payerStatus: 'SELF_PAY', sex: 'MALE' } },
      admin,
    );
    expect(admitMan.errors).toBeUndefined();

    const all = await waitFor('the admission in the counts', async () => {
      const all = await counts();
      return all.some((c) => c.freeMaleOnly === before.find((b) => b.wardId === c.wardId && b.bedClass === c.bedClass)!.freeMaleOnly - 1) && all;
    });
    for (const c of all) expect(c.freeMaleOnly + c.freeFemaleOnly + c.freeEither).toBe(c.available);
    expect(all.some((c) => c.freeMaleOnly > 0) && all.some((c) => c.freeFemaleOnly > 0)).toBe(true);
    await waitFor('per-sex counts at RS Online', async () =>
      all.every((c) => {
        const row = [...fake.rows.values()].find((r) => r.ruang === c.wardName && Number(r.id_tt) === c.rsOnlineCode);
        return (
          row &&
          Number(row.tersediapria) === c.freeMaleOnly &&
          Number(row.tersediawanita) === c.freeFemaleOnly &&
          Number(row.tersediapriawanita) === c.freeEither
        );
      }),
    );
  });

  it('refuses a referral without its facility, and a reservation on a status change that is not RESERVED', async () => {
    const bed = await bedOf(`b.status = 'AVAILABLE'`);
    const noFacility = await t.gql(
      RESERVE,
      {
        i: {
          bedId: bed.id,
          expectedVersion: bed.version,
          status: 'RESERVED',
          reservation: { purpose: 'REFERRAL', expectedArrivalAt: new Date().toISOString() },
        },
      },
      admin,
    );
    expect(errorCode(noFacility)).toBe('BAD_USER_INPUT');
    const notReserving = await t.gql(
      RESERVE,
      { i: { bedId: bed.id, expectedVersion: bed.version, status: 'CLEANING', reservation: { purpose: 'IGD' } } },
      admin,
    );
    expect(errorCode(notReserving)).toBe('BAD_USER_INPUT');
    const [still]: { version: number }[] = await t.db.query(`SELECT version FROM beds WHERE id = $1`, [bed.id]);
    expect(still.version).toBe(bed.version);
  });

  it('the worker frees a reservation that ran out, with a history event by the service; also one that ran out while the worker was down', async () => {
    const reserve = async (facility: string) => {
      const bed = await bedOf(`b.status = 'AVAILABLE'`);
      const res = await t.gql<{ changeBedStatus: { reservedUntil: string; reservationPurpose: string } }>(
        RESERVE,
        {
          i: {
            bedId: bed.id,
            expectedVersion: bed.version,
            status: 'RESERVED',
            reason: 'rujukan',
            reservation: { purpose: 'REFERRAL', referringFacility: facility, expectedArrivalAt: new Date(Date.now() + 500).toISOString(), hours: SHORT_HOURS },
          },
        },
        admin,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.changeBedStatus.reservationPurpose).toBe('REFERRAL');
      return bed.id;
    };
    const freed = (bedId: string) =>
      waitFor(`bed ${bedId} freed`, async () => {
        const res = await t.gql<{ bedHistory: { edges: { node: { fromStatus: string; toStatus: string; actorId: string | null; reason: string } }[] } }>(
          HISTORY,
          { id: bedId },
          admin,
        );
        const last = res.data?.bedHistory.edges[0]?.node;
        return last?.toStatus === 'AVAILABLE' ? last : undefined;
      });

    const first = await reserve('Puskesmas Oesapa');
    expect(await freed(first)).toEqual({
      fromStatus: 'RESERVED',
      toStatus: 'AVAILABLE',
      actorId: null,
      reason: expect.stringMatching(/^Reservation expired at .* \(referral from Puskesmas Oesapa\): released by the service\.$/),
    });

    await worker!.close();
    worker = null;
    const countOut = async (bedId: string) =>
      ((await t.db.query(`SELECT count(*)::int AS n FROM bed_events WHERE bed_id = $1 AND from_status = 'RESERVED'`, [bedId])) as { n: number }[])[0].n;
    const second = await reserve('RS Siloam Kupang');
    const outBefore = await countOut(second);
    await new Promise((r) => setTimeout(r, 2500));
    const [held]: { status: string }[] = await t.db.query(`SELECT status FROM beds WHERE id = $1`, [second]);
    expect(held.status).toBe('RESERVED');
    worker = await startReplica(t, workerEnv());
    expect(await freed(second)).toMatchObject({ fromStatus: 'RESERVED', actorId: null, reason: expect.stringMatching(/RS Siloam Kupang/) });
    // Freed once: one event out of RESERVED, also after more sweeps.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await countOut(second)).toBe(outBefore + 1);
  });
});
