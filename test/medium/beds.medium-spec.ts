import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AvailabilityService } from '../../src/availability/availability.service';
import type { WardAvailability } from '../../src/beds/bed-changes.types';
import { BedsRepository, type CounterKey } from '../../src/beds/beds.repository';
import { BedsService } from '../../src/beds/beds.service';
import { AVAILABILITY_CHANGED, BED_CHANGED, toBedChange, toWardAvailability } from '../../src/beds/beds.topics';
import type { BedStatus } from '../../src/beds/bed-status';
import { SetupService } from '../../src/setup/setup.service';
import { outboxEntry } from '../../src/outbox/topic';
import { AppError } from '../../src/common/error-codes';
import { OutboxRepository } from '../../src/outbox/outbox.repository';
import { OutboxService } from '../../src/outbox/outbox.service';
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

  it('the counters and outbox rows commit with the bed, or not at all', async () => {
    const ward = await newWard(m);
    const bed = await bedIn(m, 'AVAILABLE', { ward });
    const before = { counts: await counts(ward), outbox: await outbox() };
    // The outbox write is the transaction's last statement: when it fails, the bed's update
    // and the counter update before it must be rolled back too.
    const spy = jest.spyOn(m.get(OutboxService), 'enqueueFrom').mockRejectedValueOnce(new Error('outbox write failed'));
    try {
      await expect(beds.changeStatus(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: bed.version, status: 'RESERVED' })).rejects.toThrow('outbox write failed');
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
});

describe('the events of a bed change, written with the counter row in one statement', () => {
  const json = (value: object): unknown => JSON.parse(JSON.stringify(value));
  const lastOutboxId = async (): Promise<string> => ((await m.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM outbox`)) as { id: string }[])[0].id;
  const eventsAfter = (id: string): Promise<{ topic: string; payload: unknown }[]> =>
    m.db.query(`SELECT o.topic, o.payload FROM outbox o WHERE o.id > $1 ORDER BY o.id`, [id]);
  /** The events as the service wrote them before the payloads were built in SQL: the rows read now, mapped in JS. */
  const expectedCounts = async (keys: CounterKey[]) =>
    (await m.get(BedsRepository).availabilityRows(m.db, keys)).map((r) => ({
      topic: AVAILABILITY_CHANGED.name,
      payload: json(outboxEntry(AVAILABILITY_CHANGED, toWardAvailability(r)).payload),
    }));
  const expectedBed = async (bedId: string, from: BedStatus) => ({
    topic: BED_CHANGED.name,
    payload: json(outboxEntry(BED_CHANGED, toBedChange((await m.get(BedsRepository).bedById(bedId))!, from)).payload),
  });
  const actor = { id: SYSTEM_ADMIN.id, username: SYSTEM_ADMIN.username, via: 'api' as const, hospitalId: null, hospitalCode: null };
  const bedInRoom = async (ward: Ward, sexPolicy: 'MALE' | 'FEMALE' | 'MIXED') => {
    const room = await m
      .get(SetupService)
      .createRoom(actor, { wardId: ward.id, code: `R${sexPolicy}${Date.now() % 100000}`, name: 'Kamar', sexPolicy, kris: false });
    return m
      .get(SetupService)
      .createBed(actor, { roomId: room.id, code: `${ward.code}-${sexPolicy}-${Date.now() % 100000}`.slice(0, 20), bedClass: 'KELAS_3' });
  };

  it('a status change: the counts (derived ones too) and the bed, as the JS mapping of the rows makes them', async () => {
    const ward = await newWard(m);
    const male = await bedInRoom(ward, 'MALE');
    await bedInRoom(ward, 'FEMALE');
    const occupied = await bedIn(m, 'OCCUPIED', { ward });
    await beds.setExpectedDischarge(SYSTEM_ADMIN, { bedId: occupied.id, expectedDischargeAt: new Date(Date.now() + 3_600_000) });
    await beds.addToWaitingList(SYSTEM_ADMIN, { wardId: ward.id, bedClass: 'KELAS_3', patientReference: `P-${ward.code}`, emergency: false });
    const since = await lastOutboxId();
    await beds.changeStatus(SYSTEM_ADMIN, { bedId: male.id, expectedVersion: male.version, status: 'CLOSED', reason: 'rusak' });
    const events = await eventsAfter(since);
    expect(events).toEqual([...(await expectedCounts([{ wardId: ward.id, bedClass: 'KELAS_3' }])), await expectedBed(male.id, 'AVAILABLE')]);
    expect(events[0].payload).toMatchObject({ closed: 1, freeMaleOnly: 0, freeFemaleOnly: 1, waiting: 1, expectedFreeWithin24h: 1 });
  });

  it('a transfer across wards and classes: a row moved in a statement before and the last row, in (hospital, ward, class) order, then both beds', async () => {
    const [wardA, wardB] = [await newWard(m), await newWard(m)];
    const from = await bedIn(m, 'OCCUPIED', { ward: wardB });
    const to = await bedIn(m, 'AVAILABLE', { ward: wardA, bedClass: 'KELAS_2' });
    const since = await lastOutboxId();
    await beds.transfer(SYSTEM_ADMIN, { fromBedId: from.id, toBedId: to.id, fromVersion: from.version, toVersion: to.version, reason: 'pindah' });
    const keys = [
      { wardId: wardA.id, bedClass: 'KELAS_2' as const },
      { wardId: wardB.id, bedClass: 'KELAS_3' as const },
    ];
    expect(await eventsAfter(since)).toEqual([...(await expectedCounts(keys)), await expectedBed(from.id, 'OCCUPIED'), await expectedBed(to.id, 'AVAILABLE')]);
  });

  it('a transfer within one ward and class moves its row twice: one event, seq up by two', async () => {
    const ward = await newWard(m);
    const from = await bedIn(m, 'OCCUPIED', { ward });
    const to = await bedIn(m, 'AVAILABLE', { ward });
    const [before] = await m.get(AvailabilityService).list({ wardId: ward.id });
    const since = await lastOutboxId();
    await beds.transfer(SYSTEM_ADMIN, { fromBedId: from.id, toBedId: to.id, fromVersion: from.version, toVersion: to.version, reason: 'pindah' });
    const events = await eventsAfter(since);
    expect(events).toEqual([
      ...(await expectedCounts([{ wardId: ward.id, bedClass: 'KELAS_3' }])),
      await expectedBed(from.id, 'OCCUPIED'),
      await expectedBed(to.id, 'AVAILABLE'),
    ]);
    expect(events[0].payload).toMatchObject({
      seq: String(BigInt(before.seq) + 2n),
      available: before.available - 1,
      occupied: before.occupied,
      cleaning: before.cleaning + 1,
    });
  });

  it('a change that moves no counter (ISOLATED to CLOSED) writes the bed event only', async () => {
    const bed = await bedIn(m, 'AVAILABLE');
    const isolated = await beds.changeStatus(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: bed.version, status: 'ISOLATED' });
    const since = await lastOutboxId();
    await beds.changeStatus(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: isolated.version, status: 'CLOSED' });
    expect(await eventsAfter(since)).toEqual([await expectedBed(bed.id, 'ISOLATED')]);
  });

  it('a writer of the row that commits while the change waits for its lock: the derived counts are read again after the lock', async () => {
    const ward = await newWard(m);
    const mine = await bedInRoom(ward, 'MIXED');
    const theirs = await bedInRoom(ward, 'MIXED');
    const key = { wardId: ward.id, bedClass: 'KELAS_3' as const };
    // Another transaction closes a bed of the row and holds the row's lock until told to commit.
    const other = m.db.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query(`UPDATE beds SET status = 'CLOSED', version = version + 1 WHERE id = $1`, [theirs.id]);
      await other.query(`UPDATE ward_availability SET available = available - 1, closed = closed + 1, seq = seq + 1 WHERE ward_id = $1 AND bed_class = $2`, [
        key.wardId,
        key.bedClass,
      ]);
      const since = await lastOutboxId();
      const change = beds.changeStatus(SYSTEM_ADMIN, { bedId: mine.id, expectedVersion: mine.version, status: 'CLOSED' });
      // The change's statement started (its snapshot taken) and waits for the row.
      for (let i = 0; i < 200; i++) {
        const waiting: { n: number }[] = await m.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE ward_availability%'`,
        );
        if (waiting[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
        if (i === 199) throw new Error('the change never waited for the counter row');
      }
      await other.commitTransaction();
      await change;
      const events = await eventsAfter(since);
      expect(events).toEqual([...(await expectedCounts([key])), await expectedBed(mine.id, 'AVAILABLE')]);
      expect(events[0].payload).toMatchObject({ available: 0, closed: 2, freeEither: 0 });
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  });
});
