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
import type { WardAvailability } from './bed-changes.types';
import { BedsRepository, type AdmissionFacts, type AdmissionRow, type BedRow } from './beds.repository';
import { AVAILABILITY_CHANGED, BED_CHANGED, toBedChange, toWardAvailability } from './beds.topics';
import { OutboxService } from '../outbox/outbox.service';
import { outboxEntry } from '../outbox/topic';
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

export type { AdmissionFacts } from './beds.repository';

interface BedChange {
  wardId: string;
  bedClass: BedClass;
  from: BedStatus;
  to: BedStatus;
}

export const toBedModel = (r: BedRow): BedModel => ({
  id: r.id,
  wardId: r.ward_id,
  roomId: r.room_id,
  code: r.code,
  bedClass: r.bed_class,
  status: r.status,
  version: r.version,
  statusSince: r.status_since,
  currentAdmissionId: r.current_admission_id,
  retiredAt: r.retired_at,
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

const isUniqueViolation = (err: unknown): boolean => typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';

/**
 * Every change of a bed goes through here: one transaction that locks the beds (in id order),
 * checks ward access, version and the status machine, and writes the bed, its history and the
 * availability counters.
 */
@Injectable()
export class BedsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: BedsRepository,
    private readonly metrics: MetricsService,
    private readonly outbox: OutboxService,
  ) {}

  async admit(actor: Principal, input: AdmitPatientInput): Promise<BedModel> {
    const bed = await this.db.transaction(async (m) => {
      const bed = (await this.lockBeds(m, actor, [input.bedId]))[0];
      this.checkVersion(bed, input.expectedVersion);
      this.checkStep(bed, 'OCCUPIED', 'admit');
      const activeBed = await this.repo.activeAdmissionBedCode(m, input.medicalRecordNumber);
      if (activeBed !== null) throw this.alreadyAdmitted(input.medicalRecordNumber, activeBed);
      let admissionId: string;
      try {
        admissionId = await this.repo.insertAdmission(m, {
          bedId: bed.id,
          medicalRecordNumber: input.medicalRecordNumber,
          emergency: input.emergency,
          payerStatus: input.payerStatus,
          admittedBy: actor.id,
          hoursAgo: 0,
        });
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
      if (admissionId) await this.repo.markDischarged(m, admissionId, input.died ?? null);
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
      await this.repo.moveAdmission(m, admissionId, to.id);
      const [fromBed, toBed] = await this.apply(
        m,
        [
          { bed: from, to: 'CLEANING', kind: 'release', admissionId, currentAdmissionId: null, reason: input.reason },
          { bed: to, to: 'OCCUPIED', kind: 'admit', admissionId, currentAdmissionId: admissionId, reason: input.reason },
        ],
        actor,
      );
      const admission = (await this.repo.admissionById(admissionId, m))!;
      return { fromBed: toBedModel(fromBed), toBed: toBedModel(toBed), admission: toAdmissionModel(admission) };
    });
    this.metrics.bedChanges.inc({ to: moved.fromBed.status });
    this.metrics.bedChanges.inc({ to: moved.toBed.status });
    return moved;
  }

  /**
   * Two patients change beds (HL7 A17): both beds stay OCCUPIED, each with the other's
   * admission; both or neither.
   */
  async swapPatients(actor: Principal, input: { bedAId: string; bedBId: string; versionA: number; versionB: number; reason: string }): Promise<BedModel[]> {
    if (input.bedAId.toLowerCase() === input.bedBId.toLowerCase()) throw badInput('The two beds of a swap must be different beds.');
    return this.db.transaction(async (m) => {
      const [a, b] = await this.lockBeds(m, actor, [input.bedAId, input.bedBId]);
      this.checkVersion(a, input.versionA, 'versionA');
      this.checkVersion(b, input.versionB, 'versionB');
      for (const bed of [a, b]) {
        if (bed.status !== 'OCCUPIED' || !bed.current_admission_id) {
          throw new AppError('INVALID_TRANSITION', `Bed ${bed.code} is ${bed.status} with no patient; a swap takes two occupied beds.`);
        }
      }
      const [aAdmission, bAdmission] = [a.current_admission_id!, b.current_admission_id!];
      await this.repo.moveAdmission(m, aAdmission, b.id);
      await this.repo.moveAdmission(m, bAdmission, a.id);
      const changed = await this.apply(
        m,
        [
          { bed: a, to: 'OCCUPIED', kind: 'admit', admissionId: bAdmission, currentAdmissionId: bAdmission, reason: input.reason },
          { bed: b, to: 'OCCUPIED', kind: 'admit', admissionId: aAdmission, currentAdmissionId: aAdmission, reason: input.reason },
        ],
        actor,
      );
      return changed.map(toBedModel);
    });
  }

  /** The payer of an admission changed (an HL7 A08, for example); the bed does not change. */
  async changePayerStatus(actor: Principal, admissionId: string, payerStatus: PayerStatus): Promise<void> {
    await this.db.transaction(async (m) => {
      const admission = await this.repo.admissionById(admissionId, m);
      if (!admission) throw notFound('Admission', admissionId);
      await this.lockBeds(m, actor, [admission.bed_id]);
      await this.repo.updateAdmissionPayer(m, admissionId, payerStatus);
    });
  }

  /** A bed by its code within its hospital, with its ward's code; null when there is none. */
  bedByCode(hospitalCode: string, code: string): Promise<(BedRow & { ward_code: string }) | null> {
    return this.repo.bedByCode(hospitalCode, code);
  }

  /** The patient's admission now, else their latest; null when they were never admitted. */
  latestAdmissionOf(medicalRecordNumber: string): Promise<(AdmissionRow & { bed_code: string }) | null> {
    return this.repo.latestAdmissionOf(medicalRecordNumber);
  }

  lastChangedBy(bedId: string): Promise<string | null> {
    return this.repo.lastEventActor(bedId);
  }

  /** Locks the beds in id order (so two transactions never wait on each other in a cycle). */
  private async lockBeds(m: EntityManager, actor: Principal, ids: string[]): Promise<BedRow[]> {
    const wanted = ids.map((id) => id.toLowerCase());
    const rows = await this.repo.lockBedsInIdOrder(m, wanted);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return wanted.map((id) => {
      const bed = byId.get(id);
      if (!bed) throw notFound('Bed', id);
      if (!mayChangeBedsOfWard(actor, bed.ward_id)) {
        throw forbidden(`You may change beds only in your own wards; bed ${bed.code} is in another ward.`);
      }
      if (bed.retired_at !== null) {
        throw new AppError('INVALID_TRANSITION', `Bed ${bed.code} is retired; an ADMIN reopens it with reopenBed before it takes patients again.`);
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
      changed.push(
        await this.repo.changeBedWithEvent(m, {
          bedId: step.bed.id,
          from: step.bed.status,
          to: step.to,
          currentAdmissionId: step.currentAdmissionId,
          actorId: actor.id,
          reason: step.reason,
          admissionId: step.admissionId,
        }),
      );
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
      const row = await this.repo.moveCounter(m, c.wardId, c.bedClass, AVAILABILITY_BUCKET[c.from], AVAILABILITY_BUCKET[c.to]);
      counts.set(`${c.wardId}/${c.bedClass}`, toWardAvailability(row));
    }
    await this.outbox.enqueueMany(m, [
      ...[...counts.values()].map((payload) => outboxEntry(AVAILABILITY_CHANGED, payload)),
      ...changed.map((bed, i) => outboxEntry(BED_CHANGED, toBedChange(bed, steps[i].bed.status))),
    ]);
    return changed;
  }

  // ---- reads ----

  async bed(id: string): Promise<BedModel> {
    const row = await this.repo.bedById(id);
    if (!row) throw notFound('Bed', id);
    return toBedModel(row);
  }

  /** What another module may know of an admission: the facts a fund claim is checked against. */
  admissionFacts(id: string): Promise<AdmissionFacts | null> {
    return this.repo.admissionFacts(id);
  }

  async admission(id: string): Promise<AdmissionModel | null> {
    const row = await this.repo.admissionById(id);
    return row ? toAdmissionModel(row) : null;
  }

  async beds(filter: BedFilter | undefined, first: number | undefined, after: string | undefined): Promise<Connection<BedModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['text', 'text', 'text', 'uuid']);
    const { total, rows } = await this.repo.bedsPage(filter, cursor ? [cursor[0], cursor[1], cursor[2], cursor[3]] : null, limit + 1);
    const page = rows.slice(0, limit);
    const edges = page.map((r) => ({ cursor: encodeCursor([r.hospital_code, r.ward_code, r.code, r.id]), node: toBedModel(r) }));
    return {
      edges,
      totalCount: total,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  async history(bedId: string, first: number | undefined, after: string | undefined): Promise<Connection<BedEventModel>> {
    await this.bed(bedId);
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['bigint']);
    const { total, rows } = await this.repo.bedEventsPage(bedId, cursor ? cursor[0] : null, limit + 1);
    const edges = rows.slice(0, limit).map((r) => ({
      cursor: encodeCursor([r.id]),
      node: {
        id: r.id,
        bedId: r.bed_id,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        actorId: r.actor_id,
        reason: r.reason,
        at: r.at,
        admissionId: r.admission_id,
      },
    }));
    return {
      edges,
      totalCount: total,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  /**
   * Free beds of a class, best first: wards with the most free beds of that class first (to
   * spread the nursing load), then the bed that has been ready longest.
   */
  async freeBeds(hospitalCode: string, bedClass: BedClass, wardId: string | undefined, first: number | undefined): Promise<FreeBed[]> {
    const rows = await this.repo.freeBeds(hospitalCode, bedClass, wardId ?? null, pageSize(first));
    return rows.map((r) => ({
      bed: toBedModel(r),
      ward: { id: r.ward_id, hospitalId: r.hospital_id, code: r.ward_code, name: r.ward_name, service: r.ward_service },
      wardAvailable: r.ward_available,
    }));
  }
}
