import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { actsOnHospital, hospitalRefusal, mayChangeBedsOfWard } from '../auth/hospital-scope';
import type { Principal } from '../auth/principal';
import { MetricsService } from '../health/metrics.service';
import { AppError, badInput, forbidden, notFound } from '../common/error-codes';
import { inClosingTransaction, type ClosingTransaction } from '../common/closing-transaction';
import { AppConfig } from '../config/app-config';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { decodeCursor, encodeCursor, pageSize, type Connection } from '../common/pagination';
import type { BedClass } from './bed-class';
import type { PayerStatus } from './payer-status';
import { AVAILABILITY_BUCKET, checkTransition, type BedStatus, type TransitionKind } from './bed-status';
import {
  BedsRepository,
  type AdmissionFacts,
  type AdmissionRow,
  type BedRow,
  type CounterKey,
  type ReservationFields,
  type WaitingRow,
} from './beds.repository';
import { checkRoomSex, type PatientSex } from './patient-sex';
import { expiryReason, reservationUntil } from './reservation-rules';
import { AVAILABILITY_CHANGED, BED_CHANGED, toBedChange } from './beds.topics';
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
  SetExpectedDischargeInput,
  TransferPatientInput,
  WaitingEntryModel,
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
  hospitalId: r.hospital_id,
  roomId: r.room_id,
  code: r.code,
  bedClass: r.bed_class,
  status: r.status,
  version: r.version,
  statusSince: r.status_since,
  currentAdmissionId: r.current_admission_id,
  retiredAt: r.retired_at,
  reservedUntil: r.reserved_until,
  reservationPurpose: r.reservation_purpose,
  reservationFacility: r.reservation_facility,
  reservationExpectedAt: r.reservation_expected_at,
  reservationFor: r.reservation_for,
});

export const toAdmissionModel = (r: AdmissionRow): AdmissionModel => ({
  id: r.id,
  bedId: r.bed_id,
  medicalRecordNumber: r.medical_record_number,
  emergency: r.emergency,
  payerStatus: r.payer_status,
  admittedAt: r.admitted_at,
  dischargedAt: r.discharged_at,
  sex: r.sex,
  expectedDischargeAt: r.expected_discharge_at,
});

export const toWaitingEntryModel = (r: WaitingRow): WaitingEntryModel => ({
  id: r.id,
  hospitalCode: r.hospital_code,
  wardId: r.ward_id,
  bedClass: r.bed_class,
  patientReference: r.patient_reference,
  emergency: r.emergency,
  addedAt: r.added_at,
  removedAt: r.removed_at,
  removedReason: r.removed_reason,
  admissionId: r.admission_id,
});

const YEAR_MS = 366 * 86_400_000;

/** An expected discharge must lie ahead, within a year. */
function checkExpectedDischarge(at: Date | null | undefined, now: Date): void {
  if (at === null || at === undefined) return;
  if (at.getTime() <= now.getTime() || at.getTime() > now.getTime() + YEAR_MS) {
    throw badInput(`expectedDischargeAt must be in the future and within a year; got ${at.toISOString()}.`);
  }
}

interface Step {
  bed: BedRow;
  to: BedStatus;
  kind: TransitionKind;
  admissionId: string | null;
  currentAdmissionId: string | null;
  reason: string | null;
  reservation?: ReservationFields | null;
}

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
    private readonly hospitals: HospitalsRepository,
    private readonly config: AppConfig,
  ) {}

  async admit(actor: Principal, input: AdmitPatientInput): Promise<BedModel> {
    checkExpectedDischarge(input.expectedDischargeAt, new Date());
    const bed = await inClosingTransaction(this.db, async (tx) => {
      const m = tx.manager;
      const bed = (await this.lockBeds(m, actor, [input.bedId]))[0];
      this.checkVersion(bed, input.expectedVersion);
      this.checkStep(bed, 'OCCUPIED', 'admit');
      await this.checkSex(m, bed, input.sex ?? null);
      const entry = input.waitingEntryId ? await this.lockOpenEntry(m, input.waitingEntryId) : null;
      if (entry && !(await this.sameHospital(m, entry, bed))) {
        throw badInput(`Waiting-list entry ${entry.id} is of hospital ${entry.hospital_code}, not of bed ${bed.code}'s hospital.`);
      }
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
          sex: input.sex ?? null,
          expectedDischargeAt: input.expectedDischargeAt ?? null,
        });
      } catch (err) {
        // The partial unique index settles two concurrent admissions of one patient to two beds.
        if (isUniqueViolation(err)) throw this.alreadyAdmitted(input.medicalRecordNumber, 'another bed');
        throw err;
      }
      let touched: CounterKey[] = [];
      if (entry) {
        await this.repo.markWaitingRemoved(m, entry.id, { reason: 'ADMITTED', by: actor.id, admissionId });
        touched = await this.repo.waitingCounterKeys(m, { hospitalId: entry.hospital_id, wardId: entry.ward_id, bedClass: entry.bed_class });
      }
      // An expected discharge is counted from the bed's counter row, which the admission moves anyway.
      const changed = await this.apply(
        tx,
        [{ bed, to: 'OCCUPIED', kind: 'admit', admissionId, currentAdmissionId: admissionId, reason: null }],
        actor.id,
        touched,
      );
      return toBedModel(changed[0]);
    });
    this.metrics.bedChanges.inc({ to: bed.status });
    return bed;
  }

  async discharge(actor: Principal, input: DischargePatientInput): Promise<BedModel> {
    const bed = await inClosingTransaction(this.db, async (tx) => {
      const m = tx.manager;
      const bed = (await this.lockBeds(m, actor, [input.bedId]))[0];
      this.checkVersion(bed, input.expectedVersion);
      const to: BedStatus = input.contaminated ? 'CONTAMINATED' : 'CLEANING';
      this.checkStep(bed, to, 'release');
      const admissionId = bed.current_admission_id;
      if (admissionId) await this.repo.markDischarged(m, admissionId, input.died ?? null);
      const changed = await this.apply(tx, [{ bed, to, kind: 'release', admissionId, currentAdmissionId: null, reason: 'discharge' }], actor.id);
      return toBedModel(changed[0]);
    });
    this.metrics.bedChanges.inc({ to: bed.status });
    return bed;
  }

  async changeStatus(actor: Principal, input: ChangeBedStatusInput): Promise<BedModel> {
    const reservation = this.reservationOf(input);
    const bed = await inClosingTransaction(this.db, async (tx) => {
      const m = tx.manager;
      const bed = (await this.lockBeds(m, actor, [input.bedId]))[0];
      this.checkVersion(bed, input.expectedVersion);
      this.checkStep(bed, input.status, 'status');
      const changed = await this.apply(
        tx,
        [{ bed, to: input.status, kind: 'status', admissionId: null, currentAdmissionId: null, reason: input.reason ?? null, reservation }],
        actor.id,
      );
      return toBedModel(changed[0]);
    });
    this.metrics.bedChanges.inc({ to: bed.status });
    return bed;
  }

  /** How long a reservation holds a bed when the change does not say (RESERVATION_HOURS). */
  defaultReservationHours(): number {
    return this.config.env.RESERVATION_HOURS;
  }

  /** What a change to RESERVED holds the bed for, and until when (RESERVATION_HOURS unless it says). */
  private reservationOf(input: ChangeBedStatusInput): ReservationFields | null {
    const r = input.reservation;
    if (input.status !== 'RESERVED') {
      if (r) throw badInput(`reservation goes only with status RESERVED, not ${input.status}.`);
      return null;
    }
    const now = new Date();
    const defaultHours = this.config.env.RESERVATION_HOURS;
    if (!r) return { until: new Date(now.getTime() + defaultHours * 3_600_000), purpose: null, facility: null, expectedAt: null, forReference: null };
    const check = reservationUntil(r, defaultHours, now);
    if (!check.ok) throw badInput(check.message);
    return {
      until: check.until,
      purpose: r.purpose,
      facility: r.referringFacility ?? null,
      expectedAt: r.expectedArrivalAt ?? null,
      forReference: r.patientReference ?? null,
    };
  }

  /**
   * The worker's sweep: every reserved bed whose reservation has run out goes back to AVAILABLE
   * through the status machine, the history saying the service did it and why. Beds are taken
   * under their row locks (skipping those another transaction holds), so each is freed once
   * whatever the number of workers. Returns how many were freed.
   */
  async releaseExpiredReservations(batch = 100): Promise<number> {
    let released = 0;
    for (;;) {
      const beds = await inClosingTransaction(this.db, async (tx) => {
        const m = tx.manager;
        const beds = await this.repo.lockExpiredReservations(m, batch);
        if (beds.length === 0) return beds;
        const steps: Step[] = beds.map((bed) => ({
          bed,
          to: 'AVAILABLE',
          kind: 'status',
          admissionId: null,
          currentAdmissionId: null,
          reason: expiryReason({ reservedUntil: bed.reserved_until!, purpose: bed.reservation_purpose, referringFacility: bed.reservation_facility }),
        }));
        for (const step of steps) this.checkStep(step.bed, step.to, step.kind);
        await this.apply(tx, steps, null);
        return beds;
      });
      if (beds.length > 0) this.metrics.bedChanges.inc({ to: 'AVAILABLE' }, beds.length);
      released += beds.length;
      if (beds.length < batch) return released;
    }
  }

  /** When the ward expects the patient of this bed to leave; changes the public's "free within 24 hours". */
  async setExpectedDischarge(actor: Principal, input: SetExpectedDischargeInput): Promise<AdmissionModel> {
    checkExpectedDischarge(input.expectedDischargeAt, new Date());
    return inClosingTransaction(this.db, async (tx) => {
      const m = tx.manager;
      const bed = (await this.lockBeds(m, actor, [input.bedId]))[0];
      if (bed.status !== 'OCCUPIED' || !bed.current_admission_id) {
        throw new AppError('INVALID_TRANSITION', `Bed ${bed.code} is ${bed.status}, with no patient; an expected discharge is set on an OCCUPIED bed.`);
      }
      await this.repo.setExpectedDischarge(m, bed.current_admission_id, input.expectedDischargeAt ?? null);
      this.publishCounters(tx, [{ wardId: bed.ward_id, bedClass: bed.bed_class }], []);
      return toAdmissionModel((await this.repo.admissionById(bed.current_admission_id, m))!);
    });
  }

  // ---- the waiting list ----

  async addToWaitingList(
    actor: Principal,
    input: { hospitalCode?: string; wardId?: string; bedClass: BedClass; patientReference: string; emergency: boolean },
  ): Promise<WaitingEntryModel> {
    const id = await inClosingTransaction(this.db, async (tx) => {
      const m = tx.manager;
      const hospitalId = await this.waitingHospital(m, actor, input.hospitalCode, input.wardId);
      if (!actsOnHospital(actor, hospitalId)) throw forbidden(hospitalRefusal(actor, "You may not add to another hospital's waiting list"));
      const e = { hospitalId, wardId: input.wardId?.toLowerCase() ?? null, bedClass: input.bedClass };
      const keys = await this.repo.waitingCounterKeys(m, e);
      if (keys.length === 0) {
        throw badInput(
          e.wardId
            ? `Ward ${e.wardId} has no beds of class ${e.bedClass}; put the patient on the list for a class the ward has, or for any ward.`
            : `The hospital has no beds of class ${e.bedClass}.`,
        );
      }
      let id: string;
      try {
        id = await this.repo.insertWaiting(m, { ...e, patientReference: input.patientReference, emergency: input.emergency, addedBy: actor.id });
      } catch (err) {
        if (isUniqueViolation(err))
          throw new AppError('DUPLICATE', `Patient ${input.patientReference} is already on this hospital's waiting list; remove that entry first.`);
        throw err;
      }
      this.publishCounters(tx, keys, []);
      return id;
    });
    return toWaitingEntryModel((await this.repo.waitingById(id))!);
  }

  /** The patient left the list without a bed here (an admission removes its entry through admit). */
  async removeFromWaitingList(actor: Principal, id: string): Promise<WaitingEntryModel> {
    await inClosingTransaction(this.db, async (tx) => {
      const m = tx.manager;
      const entry = await this.lockOpenEntry(m, id);
      if (!actsOnHospital(actor, entry.hospital_id)) {
        throw forbidden(hospitalRefusal(actor, `Waiting-list entry ${id} is of hospital ${entry.hospital_code}`));
      }
      await this.repo.markWaitingRemoved(m, entry.id, { reason: 'LEFT', by: actor.id, admissionId: null });
      this.publishCounters(tx, await this.repo.waitingCounterKeys(m, { hospitalId: entry.hospital_id, wardId: entry.ward_id, bedClass: entry.bed_class }), []);
    });
    return toWaitingEntryModel((await this.repo.waitingById(id))!);
  }

  async waitingList(filter: { hospitalCode?: string; bedClass?: BedClass; wardId?: string }): Promise<WaitingEntryModel[]> {
    return (await this.repo.openWaiting(filter)).map(toWaitingEntryModel);
  }

  async waitingEntry(id: string): Promise<WaitingEntryModel> {
    const row = await this.repo.waitingById(id);
    if (!row) throw notFound('Waiting-list entry', id);
    return toWaitingEntryModel(row);
  }

  private async lockOpenEntry(m: EntityManager, id: string): Promise<WaitingRow> {
    const entry = await this.repo.lockWaiting(m, id.toLowerCase());
    if (!entry) throw notFound('Waiting-list entry', id);
    if (entry.removed_at !== null) {
      throw new AppError('INVALID_TRANSITION', `Waiting-list entry ${id} was already removed (${entry.removed_reason}); it is no longer open.`);
    }
    return entry;
  }

  private async sameHospital(m: EntityManager, entry: WaitingRow, bed: BedRow): Promise<boolean> {
    const ward = await this.hospitals.wardById(bed.ward_id, m);
    return ward?.hospitalId === entry.hospital_id;
  }

  /** The hospital of a new entry: the ward's, the one named, the caller's, or the only one. */
  private async waitingHospital(m: EntityManager, actor: Principal, hospitalCode: string | undefined, wardId: string | undefined): Promise<string> {
    if (wardId) {
      const ward = await this.hospitals.wardById(wardId.toLowerCase(), m);
      if (!ward) throw notFound('Ward', wardId);
      if (hospitalCode) {
        const h = await this.hospitals.hospitalByCode(hospitalCode, m);
        if (h?.id !== ward.hospitalId) throw badInput(`Ward ${wardId} is not of hospital ${hospitalCode}.`);
      }
      return ward.hospitalId;
    }
    if (hospitalCode) {
      const h = await this.hospitals.hospitalByCode(hospitalCode, m);
      if (!h) throw notFound('Hospital', hospitalCode);
      return h.id;
    }
    if (actor.hospitalId !== null) return actor.hospitalId;
    const all = await this.hospitals.hospitals();
    if (all.length !== 1) throw badInput(`The service holds ${all.length} hospitals: give hospitalCode or wardId.`);
    return all[0].id;
  }

  /** Both beds change or neither: the patient moves, the old bed goes to cleaning. */
  async transfer(actor: Principal, input: TransferPatientInput): Promise<{ fromBed: BedModel; toBed: BedModel; admission: AdmissionModel }> {
    if (input.fromBedId.toLowerCase() === input.toBedId.toLowerCase()) {
      throw badInput('fromBedId and toBedId must be different beds.');
    }
    const moved = await inClosingTransaction(this.db, async (tx) => {
      const m = tx.manager;
      const [from, to] = await this.lockBeds(m, actor, [input.fromBedId, input.toBedId]);
      this.checkVersion(from, input.fromVersion, 'fromVersion');
      this.checkVersion(to, input.toVersion, 'toVersion');
      this.checkStep(from, 'CLEANING', 'release');
      this.checkStep(to, 'OCCUPIED', 'admit');
      const admissionId = from.current_admission_id;
      if (!admissionId) throw new AppError('INVALID_TRANSITION', `Bed ${from.code} has no admitted patient to transfer.`);
      const recorded = (await this.repo.admissionById(admissionId, m))!.sex;
      if (recorded !== null && input.sex !== undefined && input.sex !== recorded) {
        throw badInput(`The admission records the patient as ${recorded}, not ${input.sex}.`);
      }
      await this.checkSex(m, to, recorded ?? input.sex ?? null);
      if (recorded === null && input.sex !== undefined) await this.repo.setAdmissionSex(m, admissionId, input.sex);
      await this.repo.moveAdmission(m, admissionId, to.id);
      const [fromBed, toBed] = await this.apply(
        tx,
        [
          { bed: from, to: 'CLEANING', kind: 'release', admissionId, currentAdmissionId: null, reason: input.reason },
          { bed: to, to: 'OCCUPIED', kind: 'admit', admissionId, currentAdmissionId: admissionId, reason: input.reason },
        ],
        actor.id,
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
    return inClosingTransaction(this.db, async (tx) => {
      const m = tx.manager;
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
        tx,
        [
          { bed: a, to: 'OCCUPIED', kind: 'admit', admissionId: bAdmission, currentAdmissionId: bAdmission, reason: input.reason },
          { bed: b, to: 'OCCUPIED', kind: 'admit', admissionId: aAdmission, currentAdmissionId: aAdmission, reason: input.reason },
        ],
        actor.id,
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
      if (!actsOnHospital(actor, bed.hospital_id)) throw forbidden(hospitalRefusal(actor, `Bed ${bed.code} is of another hospital`));
      if (!mayChangeBedsOfWard(actor, { id: bed.ward_id, hospitalId: bed.hospital_id })) {
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

  /** Refuses a patient the bed's room does not take (its sexPolicy). */
  private async checkSex(m: EntityManager, bed: BedRow, sex: PatientSex | null): Promise<void> {
    const room = await this.hospitals.roomById(bed.room_id, m);
    if (!room) return;
    const check = checkRoomSex(room, sex);
    if (!check.ok) throw new AppError('ROOM_SEX_POLICY', `Bed ${bed.code}: ${check.message}`, { roomId: room.id, sexPolicy: room.sexPolicy, sex });
  }

  private alreadyAdmitted(mrn: string, where: string): AppError {
    return new AppError('DUPLICATE', `Patient ${mrn} is already admitted (bed ${where}); use transferPatient to move them.`);
  }

  private async apply(tx: ClosingTransaction, steps: Step[], actorId: string | null, touched: CounterKey[] = []): Promise<BedRow[]> {
    const changed: BedRow[] = [];
    const changes: BedChange[] = [];
    for (const step of steps) {
      changed.push(
        await this.repo.changeBedWithEvent(tx.manager, {
          bedId: step.bed.id,
          from: step.bed.status,
          to: step.to,
          currentAdmissionId: step.currentAdmissionId,
          actorId,
          reason: step.reason,
          admissionId: step.admissionId,
          // A bed leaving RESERVED forgets what it was held for (the history keeps the change).
          reservation: step.to === 'RESERVED' ? (step.reservation ?? null) : null,
        }),
      );
      changes.push({ wardId: step.bed.ward_id, bedClass: step.bed.bed_class, from: step.bed.status, to: step.to });
    }
    const moves = changes.filter((c) => AVAILABILITY_BUCKET[c.from] !== AVAILABILITY_BUCKET[c.to]);
    this.publishCounters(
      tx,
      touched,
      moves,
      changed.map((bed, i) => outboxEntry(BED_CHANGED, toBedChange(bed, steps[i].bed.status))),
    );
    return changed;
  }

  /**
   * Moves and touches the counter rows in (ward, class) order, after all beds, so that
   * transfers in opposite directions and waiting-list changes cannot deadlock; then reads each
   * row's final counts in a statement of its own (holding the rows' locks, it sees every change
   * committed before) and sends them through the outbox with the change: one event per changed
   * row (a transfer within one ward and class moves a row twice), and the beds' own. All of it
   * runs last, in the message that commits: every writer of a ward waits for its counter row,
   * and holds it only while PostgreSQL runs that message.
   */
  private publishCounters(tx: ClosingTransaction, touched: CounterKey[], moves: BedChange[], bedEvents: ReturnType<typeof outboxEntry>[] = []): void {
    const rows = new Map<string, { key: CounterKey; moves: BedChange[] }>();
    for (const k of touched) rows.set(`${k.wardId}/${k.bedClass}`, rows.get(`${k.wardId}/${k.bedClass}`) ?? { key: k, moves: [] });
    for (const c of moves) {
      const id = `${c.wardId}/${c.bedClass}`;
      const row = rows.get(id) ?? { key: { wardId: c.wardId, bedClass: c.bedClass }, moves: [] };
      row.moves.push(c);
      rows.set(id, row);
    }
    const ordered = [...rows.keys()].sort().map((id) => rows.get(id)!);
    this.outbox.enqueueAtCommit(
      tx,
      this.repo.counterStatements(
        ordered.map(({ key, moves: rowMoves }) => ({
          key,
          moves: rowMoves.map((c) => ({ from: AVAILABILITY_BUCKET[c.from], to: AVAILABILITY_BUCKET[c.to] })),
        })),
      ),
      this.repo.availabilityEventsQuery(
        AVAILABILITY_CHANGED.name,
        ordered.map((r) => r.key),
      ),
      bedEvents,
    );
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
