import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { mayChangeBedsOfWard, type Principal } from '../auth/principal';
import { MetricsService } from '../health/metrics.service';
import { AppError, badInput, forbidden, notFound } from '../common/error-codes';
import { decodeCursor, encodeCursor, pageSize, type Connection } from '../common/pagination';
import type { BedClass } from './bed-class';
import type { PayerStatus } from './payer-status';
import { AVAILABILITY_BUCKET, checkTransition, type BedStatus, type TransitionKind } from './bed-status';
import { AVAILABILITY_COLUMNS, toWardAvailability, type AvailabilityRow } from '../availability/availability.service';
import { AVAILABILITY_CHANGED, BED_CHANGED, toBedChange } from '../availability/availability.topics';
import type { WardAvailability } from '../availability/availability.types';
import { OutboxService } from '../outbox/outbox.service';
import type {
  AdmissionModel,
  AdmitPatientInput,
  BedEventModel,
  BedFilter,
  BedModel,
  ChangeBedStatusInput,
  DischargePatientInput,
  FreeBed,
  TransferPatientInput,
} from './beds.types';

export interface BedRow {
  id: string;
  ward_id: string;
  code: string;
  bed_class: BedClass;
  status: BedStatus;
  version: number;
  status_since: Date;
  current_admission_id: string | null;
}

interface AdmissionRow {
  id: string;
  bed_id: string;
  medical_record_number: string;
  emergency: boolean;
  payer_status: AdmissionModel['payerStatus'];
  admitted_at: Date;
  discharged_at: Date | null;
}

export interface AdmissionFacts {
  emergency: boolean;
  payerStatus: PayerStatus;
  medicalRecordNumber: string;
  wardId: string;
}

interface BedChange {
  wardId: string;
  bedClass: BedClass;
  from: BedStatus;
  to: BedStatus;
}

const BED_COLUMNS = 'b.id, b.ward_id, b.code, b.bed_class, b.status, b.version, b.status_since, b.current_admission_id';

export const toBedModel = (r: BedRow): BedModel => ({
  id: r.id,
  wardId: r.ward_id,
  code: r.code,
  bedClass: r.bed_class,
  status: r.status,
  version: r.version,
  statusSince: r.status_since,
  currentAdmissionId: r.current_admission_id,
});

export const toAdmissionModel = (r: AdmissionRow): AdmissionModel => ({
  id: r.id,
  bedId: r.bed_id,
  medicalRecordNumber: r.medical_record_number,
  emergency: r.emergency,
  payerStatus: r.payer_status,
  admittedAt: r.admitted_at,
  dischargedAt: r.discharged_at,
});

const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';

/**
 * Every change of a bed goes through here: one transaction that locks the beds (in id order),
 * checks ward access, version and the status machine, and writes the bed, its history and the
 * availability counters.
 */
@Injectable()
export class BedsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: MetricsService,
    private readonly outbox: OutboxService,
  ) {}

  async admit(actor: Principal, input: AdmitPatientInput): Promise<BedModel> {
    const bed = await this.db.transaction(async (m) => {
      const bed = (await this.lockBeds(m, actor, [input.bedId]))[0];
      this.checkVersion(bed, input.expectedVersion);
      this.checkStep(bed, 'OCCUPIED', 'admit');
      const active = await m.query(
        `SELECT a.bed_id, b.code FROM admissions a JOIN beds b ON b.id = a.bed_id
          WHERE a.medical_record_number = $1 AND a.discharged_at IS NULL`,
        [input.medicalRecordNumber],
      );
      if (active.length > 0) throw this.alreadyAdmitted(input.medicalRecordNumber, active[0].code as string);
      let admissionId: string;
      try {
        const rows = await m.query(
          `INSERT INTO admissions (bed_id, medical_record_number, emergency, payer_status, admitted_at, admitted_by)
           VALUES ($1, $2, $3, $4, now(), $5) RETURNING id`,
          [bed.id, input.medicalRecordNumber, input.emergency, input.payerStatus, actor.id],
        );
        admissionId = rows[0].id as string;
      } catch (err) {
        // The partial unique index settles two concurrent admissions of one patient to two beds.
        if (isUniqueViolation(err)) throw this.alreadyAdmitted(input.medicalRecordNumber, 'another bed');
        throw err;
      }
      const changed = await this.apply(m, [{ bed, to: 'OCCUPIED', kind: 'admit', admissionId, currentAdmissionId: admissionId, reason: null }], actor);
      return toBedModel(changed[0]);
    });
    this.metrics.bedChanges.inc({ to: bed.status });
    return bed;
  }

  async discharge(actor: Principal, input: DischargePatientInput): Promise<BedModel> {
    const bed = await this.db.transaction(async (m) => {
      const bed = (await this.lockBeds(m, actor, [input.bedId]))[0];
      this.checkVersion(bed, input.expectedVersion);
      const to: BedStatus = input.contaminated ? 'CONTAMINATED' : 'CLEANING';
      this.checkStep(bed, to, 'release');
      const admissionId = bed.current_admission_id;
      if (admissionId) await m.query(`UPDATE admissions SET discharged_at = now(), died = $2 WHERE id = $1`, [admissionId, input.died ?? null]);
      const changed = await this.apply(m, [{ bed, to, kind: 'release', admissionId, currentAdmissionId: null, reason: 'discharge' }], actor);
      return toBedModel(changed[0]);
    });
    this.metrics.bedChanges.inc({ to: bed.status });
    return bed;
  }

  async changeStatus(actor: Principal, input: ChangeBedStatusInput): Promise<BedModel> {
    const bed = await this.db.transaction(async (m) => {
      const bed = (await this.lockBeds(m, actor, [input.bedId]))[0];
      this.checkVersion(bed, input.expectedVersion);
      this.checkStep(bed, input.status, 'status');
      const changed = await this.apply(
        m,
        [{ bed, to: input.status, kind: 'status', admissionId: null, currentAdmissionId: null, reason: input.reason ?? null }],
        actor,
      );
      return toBedModel(changed[0]);
    });
    this.metrics.bedChanges.inc({ to: bed.status });
    return bed;
  }

  /** Both beds change or neither: the patient moves, the old bed goes to cleaning. */
  async transfer(actor: Principal, input: TransferPatientInput): Promise<{ fromBed: BedModel; toBed: BedModel; admission: AdmissionModel }> {
    if (input.fromBedId.toLowerCase() === input.toBedId.toLowerCase()) {
      throw badInput('fromBedId and toBedId must be different beds.');
    }
    const moved = await this.db.transaction(async (m) => {
      const [from, to] = await this.lockBeds(m, actor, [input.fromBedId, input.toBedId]);
      this.checkVersion(from, input.fromVersion, 'fromVersion');
      this.checkVersion(to, input.toVersion, 'toVersion');
      this.checkStep(from, 'CLEANING', 'release');
      this.checkStep(to, 'OCCUPIED', 'admit');
      const admissionId = from.current_admission_id;
      if (!admissionId) throw new AppError('INVALID_TRANSITION', `Bed ${from.code} has no admitted patient to transfer.`);
      await m.query(`UPDATE admissions SET bed_id = $2 WHERE id = $1`, [admissionId, to.id]);
      const [fromBed, toBed] = await this.apply(
        m,
        [
          { bed: from, to: 'CLEANING', kind: 'release', admissionId, currentAdmissionId: null, reason: input.reason },
          { bed: to, to: 'OCCUPIED', kind: 'admit', admissionId, currentAdmissionId: admissionId, reason: input.reason },
        ],
        actor,
      );
      const admission = await m.query(`SELECT * FROM admissions WHERE id = $1`, [admissionId]);
      return { fromBed: toBedModel(fromBed), toBed: toBedModel(toBed), admission: toAdmissionModel(admission[0]) };
    });
    this.metrics.bedChanges.inc({ to: moved.fromBed.status });
    this.metrics.bedChanges.inc({ to: moved.toBed.status });
    return moved;
  }

  /** Locks the beds in id order (so two transactions never wait on each other in a cycle). */
  private async lockBeds(m: EntityManager, actor: Principal, ids: string[]): Promise<BedRow[]> {
    const wanted = ids.map((id) => id.toLowerCase());
    const rows: BedRow[] = await m.query(
      `SELECT ${BED_COLUMNS} FROM beds b WHERE b.id = ANY($1::uuid[]) ORDER BY b.id FOR UPDATE`,
      [wanted],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return wanted.map((id) => {
      const bed = byId.get(id);
      if (!bed) throw notFound('Bed', id);
      if (!mayChangeBedsOfWard(actor, bed.ward_id)) {
        throw forbidden(`You may change beds only in your own wards; bed ${bed.code} is in another ward.`);
      }
      return bed;
    });
  }

  private checkVersion(bed: BedRow, expected: number, field = 'expectedVersion'): void {
    if (bed.version !== expected) {
      throw new AppError(
        'VERSION_CONFLICT',
        `Bed ${bed.code} changed since you read it (${field} ${expected}, now version ${bed.version}, status ${bed.status}). Read it again and retry.`,
        { bedId: bed.id, currentVersion: bed.version, currentStatus: bed.status },
      );
    }
  }

  private checkStep(bed: BedRow, to: BedStatus, kind: TransitionKind): void {
    const check = checkTransition(bed.status, to, kind);
    if (!check.ok) {
      throw new AppError('INVALID_TRANSITION', `Bed ${bed.code}: ${check.message}`, { from: bed.status, to, allowed: check.allowed });
    }
  }

  private alreadyAdmitted(mrn: string, where: string): AppError {
    return new AppError('DUPLICATE', `Patient ${mrn} is already admitted (bed ${where}); use transferPatient to move them.`);
  }

  private async apply(
    m: EntityManager,
    steps: { bed: BedRow; to: BedStatus; kind: TransitionKind; admissionId: string | null; currentAdmissionId: string | null; reason: string | null }[],
    actor: Principal,
  ): Promise<BedRow[]> {
    const changed: BedRow[] = [];
    const changes: BedChange[] = [];
    for (const step of steps) {
      // The bed and its history row in one statement: one round trip less per bed while its row
      // is locked, and one query less for the service's thread (bench/RESULTS.md).
      const rows: BedRow[] = await m.query(
        `WITH b AS (
           UPDATE beds b SET status = $2, version = version + 1, status_since = now(), current_admission_id = $3
            WHERE b.id = $1 RETURNING ${BED_COLUMNS}),
         e AS (
           INSERT INTO bed_events (bed_id, from_status, to_status, actor_id, reason, at, admission_id)
           SELECT b.id, $4::bed_status, $2::bed_status, $5::uuid, $6::varchar, now(), $7::uuid FROM b)
         SELECT * FROM b`,
        [step.bed.id, step.to, step.currentAdmissionId, step.bed.status, actor.id, step.reason, step.admissionId],
      );
      changed.push(rows[0]);
      changes.push({ wardId: step.bed.ward_id, bedClass: step.bed.bed_class, from: step.bed.status, to: step.to });
    }
    // Counter rows are updated in (ward, class) order, after all beds, so transfers in
    // opposite directions cannot deadlock.
    const moves = changes
      .filter((c) => AVAILABILITY_BUCKET[c.from] !== AVAILABILITY_BUCKET[c.to])
      .sort((a, b) => (a.wardId + a.bedClass < b.wardId + b.bedClass ? -1 : 1));
    // The events leave through the outbox, committed with the change: one per changed counter
    // row with its final counts (a transfer within one ward and class moves a row twice), and
    // one per bed.
    const counts = new Map<string, WardAvailability>();
    for (const c of moves) {
      const from = AVAILABILITY_BUCKET[c.from];
      const to = AVAILABILITY_BUCKET[c.to];
      const [rows]: [AvailabilityRow[], number] = await m.query(
        `UPDATE ward_availability wa SET ${from} = wa.${from} - 1, ${to} = wa.${to} + 1, seq = wa.seq + 1, updated_at = now()
           FROM wards w JOIN hospitals h ON h.id = w.hospital_id
          WHERE wa.ward_id = $1 AND wa.bed_class = $2 AND w.id = wa.ward_id
          RETURNING ${AVAILABILITY_COLUMNS}`,
        [c.wardId, c.bedClass],
      );
      counts.set(`${c.wardId}/${c.bedClass}`, toWardAvailability(rows[0]));
    }
    await this.outbox.enqueueMany(m, [
      ...[...counts.values()].map((payload) => ({ topic: AVAILABILITY_CHANGED, payload })),
      ...changed.map((bed, i) => ({ topic: BED_CHANGED, payload: toBedChange(bed, steps[i].bed.status) })),
    ]);
    return changed;
  }

  // ---- reads ----

  async bed(id: string): Promise<BedModel> {
    const rows: BedRow[] = await this.db.query(`SELECT ${BED_COLUMNS} FROM beds b WHERE b.id = $1`, [id]);
    if (rows.length === 0) throw notFound('Bed', id);
    return toBedModel(rows[0]);
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

  async admission(id: string): Promise<AdmissionModel | null> {
    const rows: AdmissionRow[] = await this.db.query(`SELECT * FROM admissions WHERE id = $1`, [id]);
    return rows.length > 0 ? toAdmissionModel(rows[0]) : null;
  }

  async beds(filter: BedFilter | undefined, first: number | undefined, after: string | undefined): Promise<Connection<BedModel>> {
    const limit = pageSize(first);
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
    const from = `FROM beds b JOIN wards w ON w.id = b.ward_id JOIN hospitals h ON h.id = w.hospital_id`;
    const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = await this.db.query(`SELECT count(*)::int AS n ${from} ${filterSql}`, params);
    const cursor = decodeCursor(after, ['text', 'text', 'text', 'uuid']);
    const pageParams = [...params];
    let pageWhere = filterSql;
    if (cursor) {
      pageParams.push(...cursor);
      const n = pageParams.length;
      const cond = `(h.code, w.code, b.code, b.id) > ($${n - 3}, $${n - 2}, $${n - 1}, $${n}::uuid)`;
      pageWhere = filterSql ? `${filterSql} AND ${cond}` : `WHERE ${cond}`;
    }
    pageParams.push(limit + 1);
    const rows: (BedRow & { hospital_code: string; ward_code: string })[] = await this.db.query(
      `SELECT ${BED_COLUMNS}, h.code AS hospital_code, w.code AS ward_code ${from} ${pageWhere}
        ORDER BY h.code, w.code, b.code, b.id LIMIT $${pageParams.length}`,
      pageParams,
    );
    const page = rows.slice(0, limit);
    const edges = page.map((r) => ({ cursor: encodeCursor([r.hospital_code, r.ward_code, r.code, r.id]), node: toBedModel(r) }));
    return {
      edges,
      totalCount: total[0].n as number,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  async history(bedId: string, first: number | undefined, after: string | undefined): Promise<Connection<BedEventModel>> {
    await this.bed(bedId);
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['bigint']);
    const params: unknown[] = [bedId, limit + 1];
    let cond = '';
    if (cursor) {
      params.push(cursor[0]);
      cond = 'AND e.id < $3::bigint';
    }
    // Sorted by the bigint column, not the text output column of the same name (which orders
    // "10" before "9" and breaks paging).
    const rows = await this.db.query(
      `SELECT e.id::text AS id, e.bed_id, e.from_status, e.to_status, e.actor_id, e.reason, e.at, e.admission_id
         FROM bed_events e WHERE e.bed_id = $1 ${cond} ORDER BY e.id DESC LIMIT $2`,
      params,
    );
    const total = await this.db.query(`SELECT count(*)::int AS n FROM bed_events WHERE bed_id = $1`, [bedId]);
    const page = rows.slice(0, limit) as Record<string, unknown>[];
    const edges = page.map((r) => ({
      cursor: encodeCursor([r.id as string]),
      node: {
        id: r.id as string,
        bedId: r.bed_id as string,
        fromStatus: r.from_status as BedStatus | null,
        toStatus: r.to_status as BedStatus,
        actorId: r.actor_id as string | null,
        reason: r.reason as string | null,
        at: r.at as Date,
        admissionId: r.admission_id as string | null,
      },
    }));
    return {
      edges,
      totalCount: total[0].n as number,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  /**
   * Free beds of a class, best first: wards with the most free beds of that class first (to
   * spread the nursing load), then the bed that has been ready longest.
   */
  async freeBeds(hospitalCode: string, bedClass: BedClass, wardId: string | undefined, first: number | undefined): Promise<FreeBed[]> {
    const limit = pageSize(first);
    const rows = await this.db.query(
      `SELECT ${BED_COLUMNS}, w.hospital_id, w.code AS ward_code, w.name AS ward_name, w.service AS ward_service, wa.available AS ward_available
         FROM beds b
         JOIN wards w ON w.id = b.ward_id
         JOIN hospitals h ON h.id = w.hospital_id
         JOIN ward_availability wa ON wa.ward_id = b.ward_id AND wa.bed_class = b.bed_class
        WHERE h.code = $1 AND b.bed_class = $2 AND b.status = 'AVAILABLE' AND ($3::uuid IS NULL OR b.ward_id = $3)
        ORDER BY wa.available DESC, b.status_since ASC, b.code ASC
        LIMIT $4`,
      [hospitalCode, bedClass, wardId ?? null, limit],
    );
    return (rows as (BedRow & Record<string, unknown>)[]).map((r) => ({
      bed: toBedModel(r),
      ward: { id: r.ward_id, hospitalId: r.hospital_id as string, code: r.ward_code as string, name: r.ward_name as string, service: r.ward_service as string },
      wardAvailable: r.ward_available as number,
    }));
  }
}
