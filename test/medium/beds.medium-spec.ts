import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AvailabilityService } from '../../src/availability/availability.service';
import type { WardAvailability } from '../../src/beds/bed-changes.types';
import { BedsRepository } from '../../src/beds/beds.repository';
import { BedsService } from '../../src/beds/beds.service';
import { AVAILABILITY_CHANGED, toWardAvailability } from '../../src/beds/beds.topics';
import { AppError } from '../../src/common/error-codes';
import { OutboxRepository } from '../../src/outbox/outbox.repository';
import type { Ward } from '../../src/hospitals/ward.entity';
import { bedIn, newBed, newUser, newWard, SYSTEM_ADMIN } from '../support/factories';
import { Medium } from '../support/medium';

let m: Medium;
let beds: BedsService;

beforeAll(async () => {
  m = await Medium.start();
  beds = m.get(BedsService);
});
afterAll(() => m?.close());

/** The refusal's code, or a failure when the call went through. */
async function refusal(call: Promise<unknown>): Promise<string> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err.code;
}

async function counts(ward: Ward): Promise<Pick<WardAvailability, 'total' | 'available' | 'occupied' | 'reserved' | 'cleaning' | 'closed'>> {
  const [row] = await m.get(AvailabilityService).list({ wardId: ward.id });
  const { total, available, occupied, reserved, cleaning, closed } = row;
  return { total, available, occupied, reserved, cleaning, closed };
}

const outbox = () => m.get(OutboxRepository).countByTopic();

describe('BedsService on PostgreSQL', () => {
  it('admits: the bed, its counters and two outbox events (counts, bed) change together', async () => {
    const ward = await newWard(m);
    const bed = await newBed(m, ward);
    await newBed(m, ward);
    const before = await outbox();
    const admitted = await beds.admit(SYSTEM_ADMIN, {
      bedId: bed.id,
      expectedVersion: bed.version,
      medicalRecordNumber: 'RM-A1',
      emergency: false,
      payerStatus: 'BPJS_ACTIVE',
    });
    expect(admitted).toMatchObject({ status: 'OCCUPIED', version: bed.version + 1 });
    expect(admitted.currentAdmissionId).toEqual(expect.any(String));
    expect(await counts(ward)).toEqual({ total: 2, available: 1, occupied: 1, reserved: 0, cleaning: 0, closed: 0 });
    const after = await outbox();
    expect((after.availabilityChanged ?? 0) - (before.availabilityChanged ?? 0)).toBe(1);
    expect((after.bedChanged ?? 0) - (before.bedChanged ?? 0)).toBe(1);
    expect(await beds.admissionFacts(admitted.currentAdmissionId!)).toMatchObject({
      medicalRecordNumber: 'RM-A1',
      wardId: ward.id,
      payerStatus: 'BPJS_ACTIVE',
    });
  });

  it('refuses a second admission of one patient, and changes nothing', async () => {
    const ward = await newWard(m);
    const first = await bedIn(m, 'AVAILABLE', { ward });
    const second = await bedIn(m, 'AVAILABLE', { ward });
    await beds.admit(SYSTEM_ADMIN, {
      bedId: first.id,
      expectedVersion: first.version,
      medicalRecordNumber: 'RM-TWICE',
      emergency: true,
      payerStatus: 'NO_BPJS',
    });
    const before = await counts(ward);
    expect(
      await refusal(
        beds.admit(SYSTEM_ADMIN, {
          bedId: second.id,
          expectedVersion: second.version,
          medicalRecordNumber: 'RM-TWICE',
          emergency: true,
          payerStatus: 'NO_BPJS',
        }),
      ),
    ).toBe('DUPLICATE');
    expect(await beds.bed(second.id)).toMatchObject({ status: 'AVAILABLE', version: second.version });
    expect(await counts(ward)).toEqual(before);
  });

  it('discharges to CLEANING (or CONTAMINATED) and ends the admission', async () => {
    const ward = await newWard(m);
    const bed = await bedIn(m, 'OCCUPIED', { ward });
    const admissionId = bed.currentAdmissionId!;
    const out = await beds.discharge(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: bed.version, contaminated: true });
    expect(out).toMatchObject({ status: 'CONTAMINATED', currentAdmissionId: null, version: bed.version + 1 });
    expect((await beds.admission(admissionId))?.dischargedAt).toBeInstanceOf(Date);
    expect(await counts(ward)).toMatchObject({ occupied: 0, cleaning: 1 });
  });

  it('transfers: both beds change in one transaction, the admission moves', async () => {
    const ward = await newWard(m);
    const from = await bedIn(m, 'OCCUPIED', { ward });
    const to = await bedIn(m, 'AVAILABLE', { ward, bedClass: 'KELAS_2' });
    const moved = await beds.transfer(SYSTEM_ADMIN, {
      fromBedId: from.id,
      toBedId: to.id,
      fromVersion: from.version,
      toVersion: to.version,
      reason: 'pindah kelas',
    });
    expect(moved.fromBed).toMatchObject({ status: 'CLEANING', currentAdmissionId: null });
    expect(moved.toBed).toMatchObject({ status: 'OCCUPIED', currentAdmissionId: from.currentAdmissionId });
    expect(moved.admission).toMatchObject({ id: from.currentAdmissionId, bedId: to.id });
    const rows = await m.get(AvailabilityService).list({ wardId: ward.id });
    expect(rows.map((r) => [r.bedClass, r.occupied, r.cleaning])).toEqual(
      expect.arrayContaining([
        ['KELAS_3', 0, 1],
        ['KELAS_2', 1, 0],
      ]),
    );
  });

  it('a stale version is VERSION_CONFLICT and changes nothing', async () => {
    const ward = await newWard(m);
    const bed = await bedIn(m, 'AVAILABLE', { ward });
    const before = { counts: await counts(ward), outbox: await outbox() };
    expect(await refusal(beds.changeStatus(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: bed.version + 5, status: 'CLOSED' }))).toBe('VERSION_CONFLICT');
    expect(await beds.bed(bed.id)).toMatchObject({ status: 'AVAILABLE', version: bed.version });
    expect({ counts: await counts(ward), outbox: await outbox() }).toEqual(before);
  });

  it('an invalid transition is INVALID_TRANSITION (a patient enters only by admission)', async () => {
    const bed = await bedIn(m, 'AVAILABLE');
    expect(await refusal(beds.changeStatus(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: bed.version, status: 'OCCUPIED' }))).toBe('INVALID_TRANSITION');
    const occupied = await bedIn(m, 'OCCUPIED');
    expect(await refusal(beds.changeStatus(SYSTEM_ADMIN, { bedId: occupied.id, expectedVersion: occupied.version, status: 'AVAILABLE' }))).toBe(
      'INVALID_TRANSITION',
    );
    expect(await beds.bed(occupied.id)).toMatchObject({ status: 'OCCUPIED', version: occupied.version });
  });

  it('ward staff change beds of their own wards only', async () => {
    const own = await newWard(m);
    const other = await newWard(m);
    const staff = await newUser(m, 'WARD_STAFF', [own.id]);
    const mine = await bedIn(m, 'AVAILABLE', { ward: own });
    const theirs = await bedIn(m, 'AVAILABLE', { ward: other });
    expect(await beds.changeStatus(staff.principal, { bedId: mine.id, expectedVersion: mine.version, status: 'CLEANING' })).toMatchObject({
      status: 'CLEANING',
    });
    expect(await refusal(beds.changeStatus(staff.principal, { bedId: theirs.id, expectedVersion: theirs.version, status: 'CLEANING' }))).toBe('FORBIDDEN');
    expect(await beds.bed(theirs.id)).toMatchObject({ status: 'AVAILABLE', version: theirs.version });
  });

  it('the counters and outbox rows commit with the bed, or not at all: a failure in the committing message rolls the bed back', async () => {
    const ward = await newWard(m);
    const bed = await bedIn(m, 'AVAILABLE', { ward });
    const before = { counts: await counts(ward), outbox: await outbox() };
    // The counters and the outbox rows travel in the message that commits: when a statement of
    // that message fails after them, the bed's update before it must be rolled back too.
    const rows = m.get(OutboxRepository);
    const build = rows.insertAfterStatements.bind(rows);
    const spy = jest.spyOn(rows, 'insertAfterStatements').mockImplementationOnce((...args) => [...build(...args), 'SELECT 1 / 0']);
    try {
      await expect(beds.changeStatus(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: bed.version, status: 'RESERVED' })).rejects.toThrow('division by zero');
    } finally {
      spy.mockRestore();
    }
    expect(await beds.bed(bed.id)).toMatchObject({ status: 'AVAILABLE', version: bed.version });
    expect({ counts: await counts(ward), outbox: await outbox() }).toEqual(before);
    expect(await beds.changeStatus(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: bed.version, status: 'RESERVED' })).toMatchObject({ status: 'RESERVED' });
    expect(await counts(ward)).toMatchObject({ available: before.counts.available - 1, reserved: before.counts.reserved + 1 });
  });

  it('two concurrent changes of one bed at one version: exactly one wins, the other is VERSION_CONFLICT', async () => {
    const ward = await newWard(m);
    const bed = await bedIn(m, 'AVAILABLE', { ward });
    const results = await Promise.allSettled(
      (['CLOSED', 'CLEANING'] as const).map((status) => beds.changeStatus(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: bed.version, status })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0].reason as AppError).code).toBe('VERSION_CONFLICT');
    const now = await beds.bed(bed.id);
    expect(now.version).toBe(bed.version + 1);
    const c = await counts(ward);
    expect(c.available).toBe(0);
    expect(c.closed + c.cleaning).toBe(1);
  });

  it('the availability event SQL writes is, once parsed, what the counters read, derived counts and all', async () => {
    const ward = await newWard(m);
    const bed = await bedIn(m, 'AVAILABLE', { ward });
    await bedIn(m, 'AVAILABLE', { ward });
    await beds.addToWaitingList(SYSTEM_ADMIN, { wardId: ward.id, bedClass: 'KELAS_3', patientReference: 'ANTRE-1', emergency: false });
    await beds.changeStatus(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: bed.version, status: 'RESERVED' });
    const [event] = await m.db.query<{ payload: unknown }[]>(
      `SELECT payload FROM outbox WHERE topic = $1 AND payload->>'wardId' = $2 ORDER BY id DESC LIMIT 1`,
      [AVAILABILITY_CHANGED.name, ward.id],
    );
    const [row] = await m.get(BedsRepository).availabilityRows(m.db.manager, [{ wardId: ward.id, bedClass: 'KELAS_3' }]);
    const read = toWardAvailability(row);
    expect(AVAILABILITY_CHANGED.parse(event.payload)).toEqual(read);
    expect(read).toMatchObject({ total: 2, available: 1, reserved: 1, waiting: 1, availableForNewcomer: 0, freeEither: 1, bedClassLabel: 'Kelas III' });
    // The wire carries the facts only; what the rules derive is added by parse.
    expect(event.payload).not.toHaveProperty('availableForNewcomer');
  });

  it('a swap writes bed events with no counter rows: the combined trip takes events alone', async () => {
    const ward = await newWard(m);
    const a = await bedIn(m, 'OCCUPIED', { ward });
    const b = await bedIn(m, 'OCCUPIED', { ward });
    const before = { counts: await counts(ward), outbox: await outbox() };
    await beds.swapPatients(SYSTEM_ADMIN, { bedAId: a.id, bedBId: b.id, versionA: a.version, versionB: b.version, reason: 'uji' });
    const after = await outbox();
    expect((after.bedChanged ?? 0) - (before.outbox.bedChanged ?? 0)).toBe(2);
    expect(after.availabilityChanged ?? 0).toBe(before.outbox.availabilityChanged ?? 0);
    expect(await counts(ward)).toEqual(before.counts);
  });
});
