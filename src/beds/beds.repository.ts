/**
 * All SQL against beds, admissions, bed_events and ward_availability. One way of querying in this
 * module: raw SQL through this file (the bed change runs as one CTE statement and the counters are
 * updated in place, both measured in bench/RESULTS.md). Functions that run inside a caller's
 * transaction take its EntityManager; reads use the data source. Where a read needs a hospital's
 * or ward's code or name for filtering or keyset order, it joins them here rather than in a
 * second round trip.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { BedClass } from './bed-class';
import type { AvailabilityBucket, BedStatus } from './bed-status';
import { bucketCountColumns } from './bucket-counts';
import { sqlString, sqlUuid } from '../common/sql-literal';
import type { PatientSex } from './patient-sex';
import type { PayerStatus } from './payer-status';
import type { ReservationPurpose } from './reservation-rules';
import type { WaitingRemoval } from './waiting-entry.entity';
import { joinHospital, joinRoom, joinWardAndHospital, WARDS_WITH_HOSPITALS } from '../hospitals/hospitals.sql';

/** What runs a statement: a data source or a transaction's EntityManager. */
export type Queryable = Pick<EntityManager, 'query'>;

export interface BedRow {
  id: string;
  hospital_id: string;
  ward_id: string;
  room_id: string;
  code: string;
  bed_class: BedClass;
  status: BedStatus;
  version: number;
  status_since: Date;
  current_admission_id: string | null;
  retired_at: Date | null;
  reserved_until: Date | null;
  reservation_purpose: ReservationPurpose | null;
  reservation_facility: string | null;
  reservation_expected_at: Date | null;
  reservation_for: string | null;
}

/** A bed's state for its ward's screens: neither who lies in it nor whom it is held for. */
export type BedStateRow = Omit<BedRow, 'current_admission_id' | 'reservation_for' | 'reservation_facility' | 'reservation_expected_at'>;

/** What a reservation holds a bed for, written with the change to RESERVED. */
export interface ReservationFields {
  until: Date;
  purpose: ReservationPurpose | null;
  facility: string | null;
  expectedAt: Date | null;
  forReference: string | null;
}

export interface WaitingRow {
  id: string;
  hospital_id: string;
  hospital_code: string;
  ward_id: string | null;
  bed_class: BedClass;
  patient_reference: string;
  emergency: boolean;
  added_at: Date;
  removed_at: Date | null;
  removed_reason: WaitingRemoval | null;
  admission_id: string | null;
}

/** One (ward, class) counter row. */
export interface CounterKey {
  wardId: string;
  bedClass: BedClass;
}

export interface AdmissionRow {
  id: string;
  bed_id: string;
  medical_record_number: string;
  emergency: boolean;
  payer_status: PayerStatus;
  admitted_at: Date;
  discharged_at: Date | null;
  sex: PatientSex | null;
  expected_discharge_at: Date | null;
}

export interface AdmissionFacts {
  emergency: boolean;
  payerStatus: PayerStatus;
  medicalRecordNumber: string;
  wardId: string;
}

export interface BedEventRow {
  id: string;
  bed_id: string;
  from_status: BedStatus | null;
  to_status: BedStatus;
  actor_id: string | null;
  reason: string | null;
  at: Date;
  admission_id: string | null;
}

/** One (ward, class) counter row with its ward's name and hospital's code. */
export interface AvailabilityRow {
  hospital_code: string;
  ward_id: string;
  ward_name: string;
  bed_class: BedClass;
  total: number;
  available: number;
  occupied: number;
  reserved: number;
  cleaning: number;
  closed: number;
  seq: string;
  updated_at: Date;
  waiting: number;
  waiting_any_ward: number;
  free_male_only: number;
  free_female_only: number;
  free_either: number;
  expected_free_24h: number;
}

export interface AvailabilityFilter {
  hospitalCode?: string;
  wardId?: string;
  bedClass?: BedClass;
}

export interface BedPageFilter {
  hospitalCode?: string;
  wardId?: string;
  roomId?: string;
  bedClass?: BedClass;
  status?: BedStatus;
  retired?: boolean;
}

export type BedPageRow = BedRow & { hospital_code: string; ward_code: string };

export interface FreeBedRow extends BedRow {
  hospital_id: string;
  ward_code: string;
  ward_name: string;
  ward_service: string;
  ward_available: number;
}

export interface BedChangeStep {
  bedId: string;
  from: BedStatus;
  to: BedStatus;
  currentAdmissionId: string | null;
  /** Null: the service itself (an expired reservation). */
  actorId: string | null;
  reason: string | null;
  admissionId: string | null;
  reservation: ReservationFields | null;
}

/** A new bed as setup creates it: AVAILABLE, with its first history event. */
export interface NewBed {
  hospitalId: string;
  wardId: string;
  roomId: string;
  code: string;
  bedClass: BedClass;
  actorId: string | null;
  reason: string;
}

export type BedSetupChange = Partial<{ code: string; bedClass: BedClass; roomId: string; wardId: string }>;

/** One change of a counter row: beds entering (+1) or leaving (-1) a bucket of a (ward, class). */
export interface CounterDelta {
  wardId: string;
  bedClass: BedClass;
  bucket: AvailabilityBucket;
  delta: number;
}

/** Beds in service per (ward, class) and the rooms they are in, for RS Online's jumlah_ruang. */
export interface RoomCountRow {
  ward_id: string;
  bed_class: BedClass;
  rooms: number;
}

/** For the indicators: a bed with its ward and the time it exists from (its first history event). */
export interface IndicatorBedRow {
  id: string;
  ward_id: string;
  bed_class: BedClass;
  created_at: Date;
  retired_at: Date | null;
}
export interface OccupancyRow {
  bed_id: string;
  admission_id: string | null;
  start_at: Date;
  end_at: Date | null;
}
export interface DischargeRow {
  bed_id: string;
  admitted_at: Date;
  discharged_at: Date;
  died: boolean | null;
}
export interface CleaningRow {
  bed_id: string;
  start_at: Date;
  end_at: Date;
}

/** For FHIR Location resources. */
export type LocationBedRow = Pick<BedRow, 'id' | 'code' | 'bed_class' | 'status' | 'status_since' | 'ward_id' | 'room_id' | 'retired_at'>;
export type BedStatusAtRow = Pick<BedRow, 'ward_id' | 'bed_class' | 'status'>;

const BED_COLUMNS =
  'b.id, b.hospital_id, b.ward_id, b.room_id, b.code, b.bed_class, b.status, b.version, b.status_since, b.current_admission_id, b.retired_at, ' +
  'b.reserved_until, b.reservation_purpose, b.reservation_facility, b.reservation_expected_at, b.reservation_for';
const LOCATION_COLUMNS = 'b.id, b.code, b.bed_class, b.status, b.status_since, b.ward_id, b.room_id, b.retired_at';

/** Columns of an AvailabilityRow, over `ward_availability wa`, `wards w` and `hospitals h`. */
const AVAILABILITY_COLUMNS = `h.code AS hospital_code, wa.ward_id, w.name AS ward_name, wa.bed_class, wa.total, wa.available,
       wa.occupied, wa.reserved, wa.cleaning, wa.closed, wa.seq::text AS seq, wa.updated_at,
       q.waiting, q.waiting_any_ward, d.free_male_only, d.free_female_only, d.free_either, d.expected_free_24h`;

/**
 * What the counters cannot keep, computed per counter row (over `wa` and `w`): free beds by
 * the sex their room takes, beds whose patient is expected to leave within a day (a count that
 * changes with the clock) and the waiting list. A writer reads these in a statement of its own
 * after it holds the counter row's lock, so it sees every change committed before it.
 */
const DERIVED_JOINS = `
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE b.status = 'AVAILABLE' AND r.sex_policy = 'MALE')::int AS free_male_only,
           count(*) FILTER (WHERE b.status = 'AVAILABLE' AND r.sex_policy = 'FEMALE')::int AS free_female_only,
           count(*) FILTER (WHERE b.status = 'AVAILABLE' AND r.sex_policy = 'MIXED')::int AS free_either,
           count(*) FILTER (WHERE b.status = 'OCCUPIED' AND a.expected_discharge_at <= now() + interval '24 hours')::int AS expected_free_24h
      FROM beds b ${joinRoom('b.room_id')} LEFT JOIN admissions a ON a.id = b.current_admission_id
     WHERE b.ward_id = wa.ward_id AND b.bed_class = wa.bed_class AND b.retired_at IS NULL AND b.status IN ('AVAILABLE', 'OCCUPIED')) d ON true
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE wl.ward_id = wa.ward_id)::int AS waiting, count(*) FILTER (WHERE wl.ward_id IS NULL)::int AS waiting_any_ward
      FROM waiting_list wl WHERE wl.hospital_id = w.hospital_id AND wl.bed_class = wa.bed_class AND wl.removed_at IS NULL) q ON true`;

const WAITING_COLUMNS = `wl.id, wl.hospital_id, h.code AS hospital_code, wl.ward_id, wl.bed_class, wl.patient_reference, wl.emergency,
       wl.added_at, wl.removed_at, wl.removed_reason, wl.admission_id`;

@Injectable()
export class BedsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ---- writes (inside the caller's transaction) ----

  /** Locks the beds in id order, so two transactions never wait on each other in a cycle. */
  lockBedsInIdOrder(m: Queryable, ids: string[]): Promise<BedRow[]> {
    return m.query(`SELECT ${BED_COLUMNS} FROM beds b WHERE b.id = ANY($1::uuid[]) ORDER BY b.id FOR UPDATE`, [ids]);
  }

  /** The code of the bed the patient is in now, or null when they are not admitted. */
  async activeAdmissionBedCode(m: EntityManager, medicalRecordNumber: string): Promise<string | null> {
    const rows: { code: string }[] = await m.query(
      `SELECT b.code FROM admissions a JOIN beds b ON b.id = a.bed_id
        WHERE a.medical_record_number = $1 AND a.discharged_at IS NULL`,
      [medicalRecordNumber],
    );
    return rows.length > 0 ? rows[0].code : null;
  }

  /** Throws the unique violation (23505) when the patient is already admitted elsewhere. */
  async insertAdmission(
    m: Queryable,
    a: {
      bedId: string;
      medicalRecordNumber: string;
      emergency: boolean;
      payerStatus: PayerStatus;
      admittedBy: string | null;
      hoursAgo: number;
      sex?: PatientSex | null;
      expectedDischargeAt?: Date | null;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO admissions (bed_id, medical_record_number, emergency, payer_status, admitted_at, admitted_by, sex, expected_discharge_at)
       VALUES ($1, $2, $3, $4, now() - make_interval(hours => $6), $5, $7, $8) RETURNING id`,
      [a.bedId, a.medicalRecordNumber, a.emergency, a.payerStatus, a.admittedBy, a.hoursAgo, a.sex ?? null, a.expectedDischargeAt ?? null],
    );
    return rows[0].id;
  }

  async markDischarged(m: EntityManager, admissionId: string, died: boolean | null): Promise<void> {
    await m.query(`UPDATE admissions SET discharged_at = now(), died = $2 WHERE id = $1`, [admissionId, died]);
  }

  async moveAdmission(m: EntityManager, admissionId: string, bedId: string): Promise<void> {
    await m.query(`UPDATE admissions SET bed_id = $2 WHERE id = $1`, [admissionId, bedId]);
  }

  /**
   * The bed and its history row in one statement: one round trip less per bed while its row is
   * locked, and one query less for the service's thread (bench/RESULTS.md).
   */
  async changeBedWithEvent(m: Queryable, s: BedChangeStep): Promise<BedRow> {
    const rows: BedRow[] = await m.query(
      `WITH b AS (
         UPDATE beds b SET status = $2, version = version + 1, status_since = now(), current_admission_id = $3,
                reserved_until = $8, reservation_purpose = $9, reservation_facility = $10, reservation_expected_at = $11, reservation_for = $12
          WHERE b.id = $1 RETURNING ${BED_COLUMNS}),
       e AS (
         INSERT INTO bed_events (bed_id, from_status, to_status, actor_id, reason, at, admission_id)
         SELECT b.id, $4::bed_status, $2::bed_status, $5::uuid, $6::varchar, now(), $7::uuid FROM b)
       SELECT * FROM b`,
      [
        s.bedId,
        s.to,
        s.currentAdmissionId,
        s.from,
        s.actorId,
        s.reason,
        s.admissionId,
        s.reservation?.until ?? null,
        s.reservation?.purpose ?? null,
        s.reservation?.facility ?? null,
        s.reservation?.expectedAt ?? null,
        s.reservation?.forReference ?? null,
      ],
    );
    return rows[0];
  }

  /**
   * Reserved beds whose reservation has run out, locked in id order; beds another transaction
   * holds are left for the next sweep (the lock re-checks the condition, so each is freed once).
   */
  lockExpiredReservations(m: Queryable, limit: number): Promise<BedRow[]> {
    return m.query(
      `SELECT ${BED_COLUMNS} FROM beds b
        WHERE b.status = 'RESERVED' AND b.reserved_until <= now() AND b.retired_at IS NULL
        ORDER BY b.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  /**
   * The statements that move each bed between counters of its (ward, class) row, or give a row
   * whose derived counts changed (waiting list, expected discharges) a new seq: SQL without
   * parameters, for OutboxService.enqueueAtCommit to send with the events in the message that commits. In
   * the order given (the caller sorts by row, so that writers cannot deadlock).
   */
  counterStatements(rows: readonly { key: CounterKey; moves: readonly { from: AvailabilityBucket; to: AvailabilityBucket }[] }[]): string[] {
    return rows.flatMap(({ key, moves }) => {
      const where = `WHERE wa.ward_id = ${sqlUuid(key.wardId)} AND wa.bed_class = ${sqlString(key.bedClass)}::bed_class`;
      if (moves.length === 0) return [`UPDATE ward_availability wa SET seq = wa.seq + 1, updated_at = now() ${where}`];
      // The bucket names come from the status machine's table, never from input.
      return moves.map(
        ({ from, to }) => `UPDATE ward_availability wa SET ${from} = wa.${from} - 1, ${to} = wa.${to} + 1, seq = wa.seq + 1, updated_at = now() ${where}`,
      );
    });
  }

  /**
   * The availability events of these counter rows as a query of (ord, topic, payload) for
   * OutboxService.enqueueAtCommit: each row's counts with what is derived from beds and the
   * waiting list, as WardAvailabilityFacts (the topic's JSON; parse adds what the rules derive).
   * Sent after the writer's counter statements, it reads in a snapshot of its own taken while
   * the writer holds the rows' locks, so it sees every change committed before.
   */
  availabilityEventsQuery(topic: string, keys: readonly CounterKey[]): string | null {
    if (keys.length === 0) return null;
    const wanted = keys.map((k) => `(${sqlUuid(k.wardId)}, ${sqlString(k.bedClass)}::bed_class)`).join(', ');
    return `SELECT row_number() OVER (ORDER BY h.code, w.code, wa.bed_class) AS ord, ${sqlString(topic)}::text AS topic,
              jsonb_build_object(
                'hospitalCode', h.code, 'wardId', wa.ward_id, 'wardName', w.name, 'bedClass', wa.bed_class,
                'total', wa.total, 'available', wa.available, 'occupied', wa.occupied, 'reserved', wa.reserved,
                'cleaning', wa.cleaning, 'closed', wa.closed, 'waiting', q.waiting, 'waitingAnyWard', q.waiting_any_ward,
                'freeMaleOnly', d.free_male_only, 'freeFemaleOnly', d.free_female_only, 'freeEither', d.free_either,
                'expectedFreeWithin24h', d.expected_free_24h, 'seq', wa.seq::text, 'updatedAt', wa.updated_at) AS payload
         FROM ward_availability wa ${joinWardAndHospital('wa.ward_id')} ${DERIVED_JOINS}
        WHERE (wa.ward_id, wa.bed_class) IN (VALUES ${wanted})`;
  }

  /** The counter rows, with what is derived from beds and the waiting list, read after the writer holds their locks. */
  availabilityRows(m: Queryable, keys: CounterKey[]): Promise<AvailabilityRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return m.query(
      `SELECT ${AVAILABILITY_COLUMNS}
         FROM ward_availability wa ${joinWardAndHospital('wa.ward_id')} ${DERIVED_JOINS}
        WHERE (wa.ward_id, wa.bed_class) IN (SELECT * FROM unnest($1::uuid[], $2::bed_class[]))
        ORDER BY h.code, w.code, wa.bed_class`,
      [keys.map((k) => k.wardId), keys.map((k) => k.bedClass)],
    );
  }

  /** The counter rows a waiting entry counts in: its ward's, or every ward's of its class in the hospital. */
  async waitingCounterKeys(m: Queryable, e: { hospitalId: string; wardId: string | null; bedClass: BedClass }): Promise<CounterKey[]> {
    const rows: { ward_id: string; bed_class: BedClass }[] = await m.query(
      `SELECT wa.ward_id, wa.bed_class FROM ward_availability wa JOIN ${WARDS_WITH_HOSPITALS} ON w.id = wa.ward_id
        WHERE w.hospital_id = $1 AND wa.bed_class = $2 AND ($3::uuid IS NULL OR wa.ward_id = $3) AND wa.total > 0
        ORDER BY wa.ward_id`,
      [e.hospitalId, e.bedClass, e.wardId],
    );
    return rows.map((r) => ({ wardId: r.ward_id, bedClass: r.bed_class }));
  }

  // ---- the waiting list ----

  /** Throws the unique violation (23505) when the patient already waits in this hospital. */
  async insertWaiting(
    m: Queryable,
    e: { hospitalId: string; wardId: string | null; bedClass: BedClass; patientReference: string; emergency: boolean; addedBy: string },
  ): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO waiting_list (hospital_id, ward_id, bed_class, patient_reference, emergency, added_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [e.hospitalId, e.wardId, e.bedClass, e.patientReference, e.emergency, e.addedBy],
    );
    return rows[0].id;
  }

  async lockWaiting(m: Queryable, id: string): Promise<WaitingRow | null> {
    const rows: WaitingRow[] = await m.query(
      `SELECT ${WAITING_COLUMNS} FROM waiting_list wl ${joinHospital('wl.hospital_id')} WHERE wl.id = $1 FOR UPDATE OF wl`,
      [id],
    );
    return rows[0] ?? null;
  }

  async markWaitingRemoved(m: Queryable, id: string, r: { reason: WaitingRemoval; by: string; admissionId: string | null }): Promise<void> {
    await m.query(`UPDATE waiting_list SET removed_at = now(), removed_by = $2, removed_reason = $3, admission_id = $4 WHERE id = $1`, [
      id,
      r.by,
      r.reason,
      r.admissionId,
    ]);
  }

  async waitingById(id: string, m: Queryable = this.db): Promise<WaitingRow | null> {
    const rows: WaitingRow[] = await m.query(`SELECT ${WAITING_COLUMNS} FROM waiting_list wl ${joinHospital('wl.hospital_id')} WHERE wl.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Open entries, oldest first (emergencies first), of a hospital, class or ward (with the entries naming no ward). */
  openWaiting(filter: { hospitalCode?: string; bedClass?: BedClass; wardId?: string }): Promise<WaitingRow[]> {
    return this.db.query(
      `SELECT ${WAITING_COLUMNS} FROM waiting_list wl ${joinHospital('wl.hospital_id')}
        WHERE wl.removed_at IS NULL AND ($1::varchar IS NULL OR h.code = $1) AND ($2::bed_class IS NULL OR wl.bed_class = $2)
          AND ($3::uuid IS NULL OR wl.ward_id = $3 OR (wl.ward_id IS NULL AND wl.hospital_id = (SELECT w.hospital_id FROM ${WARDS_WITH_HOSPITALS} WHERE w.id = $3)))
        ORDER BY wl.emergency DESC, wl.added_at, wl.id`,
      [filter.hospitalCode ?? null, filter.bedClass ?? null, filter.wardId ?? null],
    );
  }

  async setExpectedDischarge(m: Queryable, admissionId: string, at: Date | null): Promise<void> {
    await m.query(`UPDATE admissions SET expected_discharge_at = $2 WHERE id = $1`, [admissionId, at]);
  }

  async setAdmissionSex(m: Queryable, admissionId: string, sex: PatientSex): Promise<void> {
    await m.query(`UPDATE admissions SET sex = $2 WHERE id = $1`, [admissionId, sex]);
  }

  /** A new AVAILABLE bed with its first history event. */
  async insertBed(m: Queryable, bed: NewBed): Promise<BedRow> {
    const rows: BedRow[] = await m.query(
      `WITH b AS (
         INSERT INTO beds (hospital_id, ward_id, room_id, code, bed_class, status) VALUES ($1, $2, $3, $4, $5, 'AVAILABLE')
         RETURNING ${BED_COLUMNS.replace(/b\./g, '')}),
       e AS (
         INSERT INTO bed_events (bed_id, from_status, to_status, actor_id, reason, at)
         SELECT b.id, NULL, 'AVAILABLE', $6::uuid, $7::varchar, now() FROM b)
       SELECT * FROM b`,
      [bed.hospitalId, bed.wardId, bed.roomId, bed.code, bed.bedClass, bed.actorId, bed.reason],
    );
    return rows[0];
  }

  /** Code, class or room of a bed; a new version, so a change based on the old one is refused. */
  async updateBedSetup(m: Queryable, id: string, change: BedSetupChange): Promise<BedRow> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const add = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (change.code !== undefined) add('code', change.code);
    if (change.bedClass !== undefined) add('bed_class', change.bedClass);
    if (change.wardId !== undefined) add('ward_id', change.wardId);
    if (change.roomId !== undefined) add('room_id', change.roomId);
    // An UPDATE answers [rows, count].
    const [rows]: [BedRow[], number] = await m.query(
      `UPDATE beds b SET ${[...sets, 'version = version + 1'].join(', ')} WHERE b.id = $1 RETURNING ${BED_COLUMNS}`,
      params,
    );
    return rows[0];
  }

  /** Retires (now) or reopens a bed. */
  async setRetired(m: Queryable, id: string, retired: boolean): Promise<BedRow> {
    const [rows]: [BedRow[], number] = await m.query(
      `UPDATE beds b SET retired_at = CASE WHEN $2 THEN now() ELSE NULL END, version = version + 1 WHERE b.id = $1 RETURNING ${BED_COLUMNS}`,
      [id, retired],
    );
    return rows[0];
  }

  /** Every bed of the hospital (retired ones too), locked, by code: what an import compares against. */
  lockBedsOfHospital(m: Queryable, hospitalId: string): Promise<BedRow[]> {
    return m.query(`SELECT ${BED_COLUMNS} FROM beds b WHERE b.hospital_id = $1 ORDER BY b.id FOR UPDATE`, [hospitalId]);
  }

  /** Ids of the room's beds in service, locked (a KRIS room's bed count is checked against them). */
  async bedIdsOfRoom(m: Queryable, roomId: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM beds WHERE room_id = $1 AND retired_at IS NULL ORDER BY id FOR UPDATE`, [roomId]);
    return rows.map((r) => r.id);
  }

  /**
   * Applies the deltas, in (ward, class) order so that two setup changes cannot deadlock, making
   * a counter row where there was none; returns each changed row's new counts.
   */
  async applyCounterDeltas(m: Queryable, deltas: CounterDelta[]): Promise<AvailabilityRow[]> {
    const byRow = new Map<string, { wardId: string; bedClass: BedClass; buckets: Map<AvailabilityBucket, number> }>();
    for (const d of deltas) {
      const key = `${d.wardId}/${d.bedClass}`;
      const row = byRow.get(key) ?? { wardId: d.wardId, bedClass: d.bedClass, buckets: new Map<AvailabilityBucket, number>() };
      row.buckets.set(d.bucket, (row.buckets.get(d.bucket) ?? 0) + d.delta);
      byRow.set(key, row);
    }
    const changed: CounterKey[] = [];
    for (const key of [...byRow.keys()].sort()) {
      const row = byRow.get(key)!;
      const moves = [...row.buckets.entries()].filter(([, n]) => n !== 0);
      const total = moves.reduce((sum, [, n]) => sum + n, 0);
      // Bucket names come from the status machine's table, never from input.
      const sets = [`total = wa.total + ${total}`, ...moves.map(([bucket, n]) => `${bucket} = wa.${bucket} + ${n}`)];
      await m.query(`INSERT INTO ward_availability (ward_id, bed_class) VALUES ($1, $2) ON CONFLICT (ward_id, bed_class) DO NOTHING`, [
        row.wardId,
        row.bedClass,
      ]);
      await m.query(`UPDATE ward_availability wa SET ${sets.join(', ')}, seq = wa.seq + 1, updated_at = now() WHERE wa.ward_id = $1 AND wa.bed_class = $2`, [
        row.wardId,
        row.bedClass,
      ]);
      changed.push({ wardId: row.wardId, bedClass: row.bedClass });
    }
    return this.availabilityRows(m, changed);
  }

  /** A new seq for every counter row of the ward (its name changed): subscribers get the new name. */
  async touchWardCounters(m: Queryable, wardId: string): Promise<AvailabilityRow[]> {
    const [rows]: [CounterKey[], number] = await m.query(
      `UPDATE ward_availability wa SET seq = wa.seq + 1, updated_at = now() WHERE wa.ward_id = $1 RETURNING wa.ward_id AS "wardId", wa.bed_class AS "bedClass"`,
      [wardId],
    );
    return this.availabilityRows(m, rows);
  }

  /** Rooms holding beds in service, per (ward, class) of the hospital. */
  roomCounts(hospitalCode: string): Promise<RoomCountRow[]> {
    return this.db.query(
      `SELECT b.ward_id, b.bed_class, count(DISTINCT b.room_id)::int AS rooms
         FROM beds b ${joinHospital('b.hospital_id')}
        WHERE h.code = $1 AND b.retired_at IS NULL GROUP BY b.ward_id, b.bed_class`,
      [hospitalCode],
    );
  }

  async updateAdmissionPayer(m: EntityManager, admissionId: string, payerStatus: PayerStatus): Promise<void> {
    await m.query(`UPDATE admissions SET payer_status = $2 WHERE id = $1`, [admissionId, payerStatus]);
  }

  // ---- reads ----

  async bedById(id: string): Promise<BedRow | null> {
    const rows: BedRow[] = await this.db.query(`SELECT ${BED_COLUMNS} FROM beds b WHERE b.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** A bed by its code, unique within its hospital. */
  async bedByCode(hospitalCode: string, code: string): Promise<(BedRow & { ward_code: string }) | null> {
    const rows: (BedRow & { ward_code: string })[] = await this.db.query(
      `SELECT ${BED_COLUMNS}, w.code AS ward_code FROM beds b ${joinWardAndHospital('b.ward_id')} WHERE h.code = $1 AND b.code = $2`,
      [hospitalCode, code],
    );
    return rows[0] ?? null;
  }

  /** The patient's admission now, else their latest one; with its bed's code. */
  async latestAdmissionOf(medicalRecordNumber: string): Promise<(AdmissionRow & { bed_code: string }) | null> {
    const rows: (AdmissionRow & { bed_code: string })[] = await this.db.query(
      `SELECT a.id, a.bed_id, a.medical_record_number, a.emergency, a.payer_status, a.admitted_at, a.discharged_at, b.code AS bed_code
         FROM admissions a JOIN beds b ON b.id = a.bed_id
        WHERE a.medical_record_number = $1 ORDER BY a.discharged_at IS NULL DESC, a.admitted_at DESC LIMIT 1`,
      [medicalRecordNumber],
    );
    return rows[0] ?? null;
  }

  /** Who made the bed's latest change (null: the service itself, or no history). */
  async lastEventActor(bedId: string): Promise<string | null> {
    const rows: { actor_id: string | null }[] = await this.db.query(`SELECT actor_id FROM bed_events WHERE bed_id = $1 ORDER BY id DESC LIMIT 1`, [bedId]);
    return rows[0]?.actor_id ?? null;
  }

  async admissionById(id: string, m: Queryable = this.db): Promise<AdmissionRow | null> {
    const rows: AdmissionRow[] = await m.query(
      `SELECT id, bed_id, medical_record_number, emergency, payer_status, admitted_at, discharged_at, sex, expected_discharge_at FROM admissions WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** What another module may know of an admission: the facts a fund claim is checked against. */
  async admissionFacts(id: string): Promise<AdmissionFacts | null> {
    const rows: { emergency: boolean; payer_status: PayerStatus; medical_record_number: string; ward_id: string }[] = await this.db.query(
      `SELECT a.emergency, a.payer_status, a.medical_record_number, b.ward_id FROM admissions a JOIN beds b ON b.id = a.bed_id WHERE a.id = $1`,
      [id],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return { emergency: r.emergency, payerStatus: r.payer_status, medicalRecordNumber: r.medical_record_number, wardId: r.ward_id };
  }

  /**
   * A keyset page of beds in (hospital code, ward code, bed code, id) order, and how many match.
   * `after` is the last row's key; the caller asks for one row more than it shows.
   */
  async bedsPage(
    filter: BedPageFilter | undefined,
    after: [string, string, string, string] | null,
    limit: number,
  ): Promise<{ total: number; rows: BedPageRow[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter?.hospitalCode) add('h.code = ?', filter.hospitalCode);
    if (filter?.wardId) add('b.ward_id = ?', filter.wardId);
    if (filter?.bedClass) add('b.bed_class = ?', filter.bedClass);
    if (filter?.status) add('b.status = ?', filter.status);
    if (filter?.roomId) add('b.room_id = ?', filter.roomId);
    where.push(filter?.retired ? 'b.retired_at IS NOT NULL' : 'b.retired_at IS NULL');
    const from = `FROM beds b ${joinWardAndHospital('b.ward_id')}`;
    const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n ${from} ${filterSql}`, params);
    const pageParams = [...params];
    let pageWhere = filterSql;
    if (after) {
      pageParams.push(...after);
      const n = pageParams.length;
      const cond = `(h.code, w.code, b.code, b.id) > ($${n - 3}, $${n - 2}, $${n - 1}, $${n}::uuid)`;
      pageWhere = filterSql ? `${filterSql} AND ${cond}` : `WHERE ${cond}`;
    }
    pageParams.push(limit);
    const rows: BedPageRow[] = await this.db.query(
      `SELECT ${BED_COLUMNS}, h.code AS hospital_code, w.code AS ward_code ${from} ${pageWhere}
        ORDER BY h.code, w.code, b.code, b.id LIMIT $${pageParams.length}`,
      pageParams,
    );
    return { total: total[0].n, rows };
  }

  /** A keyset page of a bed's history, newest first, and how many events it has. */
  async bedEventsPage(bedId: string, beforeId: string | null, limit: number): Promise<{ total: number; rows: BedEventRow[] }> {
    const params: unknown[] = [bedId, limit];
    let cond = '';
    if (beforeId !== null) {
      params.push(beforeId);
      cond = 'AND e.id < $3::bigint';
    }
    // Sorted by the bigint column, not the text output column of the same name (which orders
    // "10" before "9" and breaks paging).
    const rows: BedEventRow[] = await this.db.query(
      `SELECT e.id::text AS id, e.bed_id, e.from_status, e.to_status, e.actor_id, e.reason, e.at, e.admission_id
         FROM bed_events e WHERE e.bed_id = $1 ${cond} ORDER BY e.id DESC LIMIT $2`,
      params,
    );
    const total: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM bed_events WHERE bed_id = $1`, [bedId]);
    return { total: total[0].n, rows };
  }

  /**
   * Free beds of a class, best first: wards with the most free beds of that class first (to
   * spread the nursing load), then the bed that has been ready longest.
   */
  freeBeds(hospitalCode: string, bedClass: BedClass, wardId: string | null, limit: number): Promise<FreeBedRow[]> {
    return this.db.query(
      `SELECT ${BED_COLUMNS}, w.hospital_id, w.code AS ward_code, w.name AS ward_name, w.service AS ward_service, wa.available AS ward_available
         FROM beds b
         ${joinWardAndHospital('b.ward_id')}
         JOIN ward_availability wa ON wa.ward_id = b.ward_id AND wa.bed_class = b.bed_class
        WHERE h.code = $1 AND b.bed_class = $2 AND b.status = 'AVAILABLE' AND b.retired_at IS NULL AND ($3::uuid IS NULL OR b.ward_id = $3)
        ORDER BY wa.available DESC, b.status_since ASC, b.code ASC
        LIMIT $4`,
      [hospitalCode, bedClass, wardId, limit],
    );
  }

  /** Each bed's public state, of one ward or of all, by bed code. */
  bedStates(wardId: string | null): Promise<BedStateRow[]> {
    return this.db.query(
      `SELECT id, ward_id, room_id, code, bed_class, status, version, status_since, retired_at, reserved_until, reservation_purpose FROM beds
        WHERE ($1::uuid IS NULL OR ward_id = $1) AND retired_at IS NULL ORDER BY code`,
      [wardId],
    );
  }

  /** The counters kept with every bed change (no scan of beds, whatever their number), in (hospital, ward, class) order. */
  availabilityCounts(filter: AvailabilityFilter): Promise<AvailabilityRow[]> {
    // Only the filters given go into the WHERE: with "($1 IS NULL OR ...)" the planner must
    // allow for both cases and planning grows with the tables (bench/RESULTS.md).
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      where.push(condition.replace('?', `$${params.length}`));
    };
    if (filter.hospitalCode !== undefined) add('h.code = ?', filter.hospitalCode);
    if (filter.wardId !== undefined) add('wa.ward_id = ?::uuid', filter.wardId);
    if (filter.bedClass !== undefined) add('wa.bed_class = ?::bed_class', filter.bedClass);
    // A row whose beds have all been retired or moved stays, at zero, for its seq; it is not shown.
    where.push('wa.total > 0');
    return this.db.query(
      `SELECT ${AVAILABILITY_COLUMNS}
         FROM ward_availability wa
         ${joinWardAndHospital('wa.ward_id')} ${DERIVED_JOINS}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY h.code, w.code, wa.bed_class`,
      params,
    );
  }

  // ---- reads for the indicators ----

  /** The beds of these wards (retired ones too), each existing from its first history event (bed creation writes one) to its retirement. */
  bedsWithCreationForIndicators(wardIds: string[]): Promise<IndicatorBedRow[]> {
    return this.db.query(
      `SELECT b.id, b.ward_id, b.bed_class,
              COALESCE((SELECT min(e.at) FROM bed_events e WHERE e.bed_id = b.id), b.status_since) AS created_at, b.retired_at
         FROM beds b WHERE b.ward_id = ANY($1::uuid[])`,
      [wardIds],
    );
  }

  /** Occupancies overlapping [start, end): from the event that made the bed OCCUPIED to that bed's next event. */
  occupanciesBetween(bedIds: string[], start: Date, end: Date): Promise<OccupancyRow[]> {
    return this.db.query(
      `SELECT bed_id, admission_id, start_at, end_at FROM (
         SELECT bed_id, admission_id, to_status, at AS start_at,
                lead(at) OVER (PARTITION BY bed_id ORDER BY at, id) AS end_at
           FROM bed_events WHERE bed_id = ANY($1::uuid[])) ev
        WHERE to_status = 'OCCUPIED' AND start_at < $3 AND (end_at IS NULL OR end_at >= $2)`,
      [bedIds, start, end],
    );
  }

  dischargesBetween(bedIds: string[], start: Date, end: Date): Promise<DischargeRow[]> {
    return this.db.query(
      `SELECT bed_id, admitted_at, discharged_at, died FROM admissions
        WHERE bed_id = ANY($1::uuid[]) AND discharged_at >= $2 AND discharged_at < $3`,
      [bedIds, start, end],
    );
  }

  /** Cleanings (CLEANING to AVAILABLE) that ended in [start, end), with when they began. */
  cleaningsBetween(bedIds: string[], start: Date, end: Date): Promise<CleaningRow[]> {
    return this.db.query(
      `SELECT bed_id, start_at, end_at FROM (
         SELECT bed_id, from_status, to_status, at AS end_at,
                lag(at) OVER (PARTITION BY bed_id ORDER BY at, id) AS start_at
           FROM bed_events WHERE bed_id = ANY($1::uuid[])) ev
        WHERE from_status = 'CLEANING' AND to_status = 'AVAILABLE' AND start_at IS NOT NULL AND end_at >= $2 AND end_at < $3`,
      [bedIds, start, end],
    );
  }

  // ---- reads for FHIR ----

  /** Beds in service of one room or all, optionally of some statuses, by bed code. */
  bedsForLocations(roomId: string | null, statuses: BedStatus[] | null): Promise<LocationBedRow[]> {
    return this.db.query(
      `SELECT ${LOCATION_COLUMNS} FROM beds b
        WHERE b.retired_at IS NULL AND ($1::uuid IS NULL OR b.room_id = $1) AND ($2::bed_status[] IS NULL OR b.status = ANY($2::bed_status[]))
        ORDER BY b.code`,
      [roomId, statuses],
    );
  }

  async bedForLocation(id: string): Promise<LocationBedRow | null> {
    const rows: LocationBedRow[] = await this.db.query(`SELECT ${LOCATION_COLUMNS} FROM beds b WHERE b.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Each bed's status at `at`, taken from its history (beds that did not exist yet or were retired by then are left out). */
  bedStatusesAt(wardId: string | null, at: Date): Promise<BedStatusAtRow[]> {
    return this.db.query(
      `SELECT b.ward_id, b.bed_class, e.to_status AS status
         FROM beds b
         JOIN LATERAL (SELECT to_status FROM bed_events WHERE bed_id = b.id AND at <= $2 ORDER BY at DESC, id DESC LIMIT 1) e ON true
        WHERE ($1::uuid IS NULL OR b.ward_id = $1) AND (b.retired_at IS NULL OR b.retired_at > $2)`,
      [wardId, at],
    );
  }
}

/** Recomputes every counter row from the beds in service (bulk loads in tests and benchmarks, repair). */
export async function rebuildAvailability(m: Queryable): Promise<void> {
  await m.query(
    `INSERT INTO ward_availability (ward_id, bed_class, total, available, occupied, reserved, cleaning, closed, seq, updated_at)
     SELECT ward_id, bed_class, count(*), ${bucketCountColumns()}, 1, now()
       FROM beds WHERE retired_at IS NULL GROUP BY ward_id, bed_class
     ON CONFLICT (ward_id, bed_class) DO UPDATE SET
       total = EXCLUDED.total, available = EXCLUDED.available, occupied = EXCLUDED.occupied,
       reserved = EXCLUDED.reserved, cleaning = EXCLUDED.cleaning, closed = EXCLUDED.closed,
       seq = ward_availability.seq + 1, updated_at = now()`,
  );
}
