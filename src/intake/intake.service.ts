import { Injectable, Logger } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { BedsService } from '../beds/beds.service';
import type { BedRow } from '../beds/beds.repository';
import { AppError, badInput, notFound } from '../common/error-codes';
import { AppConfig } from '../config/app-config';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { buildAck, readAdt, type AdtMessage, type AdtPatient, type Hl7Error } from './adt-message';
import { BED_STATUS_0116, bedStatusDecision, describeLocation, isLate, placementDecision, sexFits } from './intake-rules';
import { IntakeRepository, type Hl7LogFilter, type Hl7MessageRow } from './intake.repository';
import { MappingService } from './mapping.service';

/** What applying a message came to. */
type Outcome = { kind: 'applied'; note: string; summary?: Record<string, unknown> } | { kind: 'hold'; reason: string } | { kind: 'refuse'; error: Hl7Error };

const refuse = (error: Hl7Error): Outcome => ({ kind: 'refuse', error });
const applied = (note: string, summary?: Record<string, unknown>): Outcome => ({ kind: 'applied', note, summary });

/** HL7 table 0112 discharge dispositions that mean the patient died. */
const DIED = new Set(['20', '40', '41', '42']);

/**
 * The HL7 intake: receives messages (the MLLP listener hands them over), keeps each in the
 * intake log once per sender and control id, applies them in the sender's order per patient
 * through the bed service as the interface's own user, and answers with the ACK of the outcome.
 */
@Injectable()
export class IntakeService {
  private readonly log = new Logger(IntakeService.name);
  private actor: Principal | null = null;
  /** ACKs waiting for their message's outcome, by message id. */
  private readonly waiters = new Map<string, ((row: Hl7MessageRow) => void)[]>();
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private processing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly repo: IntakeRepository,
    private readonly mapping: MappingService,
    private readonly beds: BedsService,
    private readonly hospitals: HospitalsRepository,
    private readonly auth: AuthService,
  ) {}

  /** The interface's user (created on first use): ADMISSIONS, so it may change any ward's beds. */
  async interfaceActor(): Promise<Principal> {
    this.actor ??= await this.auth.ensureServiceUser(this.config.env.HL7_INTERFACE_USER, ['ADMISSIONS']);
    return this.actor;
  }

  // ---- receiving ----

  /** One message's text in, its ACK out. */
  async receive(raw: string, remoteAddress: string | null): Promise<string> {
    const env = this.config.env;
    const read = readAdt(raw, env.HL7_DEFAULT_UTC_OFFSET);
    if (!read.ok) {
      const h = read.header;
      const sender = h ? `${h.header.getComponent(3, 1)}^${h.header.getComponent(4, 1)}` : null;
      const controlId = h?.header.getComponent(10, 1) || null;
      const row = await this.repo.insert({
        sender,
        controlId,
        event: h?.header.getComponent(9, 2) || null,
        eventAt: null,
        sequence: null,
        patientKey: null,
        medicalRecordNumber: null,
        status: 'REJECTED',
        errorCode: read.error.code,
        errorLocation: read.error.location,
        errorText: read.error.text,
        summary: {},
        raw: raw.slice(0, 1_000_000),
        remoteAddress,
        readyInMs: 0,
      });
      if (!row && sender && controlId) {
        const before = await this.repo.bySenderAndControlId(sender, controlId);
        if (before) return this.ackFor(h, before);
      }
      return buildAck(h, 'AR', read.error);
    }
    const m = read.message;
    const row = await this.repo.insert({
      sender: m.sender,
      controlId: m.controlId,
      event: m.event,
      eventAt: m.eventAt,
      sequence: m.sequence,
      patientKey: patientKey(m),
      medicalRecordNumber: m.patients[0]?.medicalRecordNumber ?? null,
      status: 'PENDING',
      errorCode: null,
      errorLocation: null,
      errorText: null,
      summary: summarize(m),
      raw,
      remoteAddress,
      readyInMs: env.HL7_REORDER_MS,
    });
    // A resend: acknowledged by what became of the first one, with no second effect.
    if (!row) return this.ackFor(read.header, (await this.repo.bySenderAndControlId(m.sender, m.controlId))!);
    const outcome = this.outcomeOf(row.id, env.HL7_ACK_WAIT_MS);
    this.kick();
    return this.ackFor(read.header, (await outcome) ?? row);
  }

  private ackFor(header: Parameters<typeof buildAck>[0], row: Hl7MessageRow): string {
    const err = (): Hl7Error => ({
      code: (row.error_code ?? '207') as Hl7Error['code'],
      location: row.error_location ?? '',
      text: row.error_text ?? row.outcome ?? '',
    });
    switch (row.status) {
      case 'APPLIED':
        return buildAck(header, 'AA', null, row.outcome);
      case 'PENDING':
        return buildAck(header, 'CA', null, row.held_reason ? `Held: ${row.held_reason}` : 'Accepted; applied in order');
      case 'REFUSED':
        return buildAck(header, 'AE', err());
      case 'REJECTED':
        return buildAck(header, 'AR', err());
      case 'DISMISSED':
        return buildAck(header, 'AE', { code: '207', location: '', text: `Dismissed by an admin: ${row.outcome ?? ''}` });
    }
  }

  /** Resolves with the row once it is decided or first held, or null after `ms`. */
  private outcomeOf(id: string, ms: number): Promise<Hl7MessageRow | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(id)?.filter((w) => w !== done);
        if (list?.length) this.waiters.set(id, list);
        else this.waiters.delete(id);
        resolve(null);
      }, ms);
      const done = (row: Hl7MessageRow) => {
        clearTimeout(timer);
        resolve(row);
      };
      this.waiters.set(id, [...(this.waiters.get(id) ?? []), done]);
    });
  }

  private async notify(id: string): Promise<void> {
    const list = this.waiters.get(id);
    if (!list) return;
    this.waiters.delete(id);
    const row = await this.repo.byId(id);
    if (row) for (const w of list) w(row);
  }

  // ---- processing (ROLE worker or all: started by the intake worker) ----

  start(): void {
    this.processing = true;
    this.kick();
  }

  async stop(): Promise<void> {
    this.processing = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.draining;
  }

  /** Applies every message whose time has come; asked meanwhile, once more right after. */
  kick(): void {
    if (!this.processing) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err: Error) => this.log.error(`HL7 intake: ${err.message}`))
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else void this.scheduleNext();
      });
  }

  private async scheduleNext(): Promise<void> {
    if (!this.processing) return;
    const next = await this.repo.nextReadyAt().catch(() => null);
    // Polled at least every HL7_RETRY_MS too: an admin's retry may come through another process.
    const wait = Math.min(this.config.env.HL7_RETRY_MS, next ? Math.max(0, next.getTime() - Date.now()) : Infinity);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), wait + 5);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const heads = await this.repo.readyHeads(100);
      if (heads.length === 0 || !this.processing) return;
      for (const head of heads) await this.process(head);
    }
  }

  private async process(row: Hl7MessageRow): Promise<void> {
    const env = this.config.env;
    const read = readAdt(row.raw, env.HL7_DEFAULT_UTC_OFFSET);
    let outcome: Outcome;
    if (!read.ok) outcome = refuse(read.error);
    else {
      const m = read.message;
      const last = await this.repo.patient(row.patient_key!);
      if (last && isLate(m, { eventAt: last.last_event_at, sequence: last.last_sequence === null ? null : BigInt(last.last_sequence) })) {
        outcome = refuse({
          code: '207',
          location: 'MSH^1^7',
          text: `Out of order: a later message for this patient (MSH-7 ${last.last_event_at.toISOString()}) was applied already, so this one (MSH-7 ${m.eventAt.toISOString()}) cannot be placed; the later state stands.`,
        });
      } else {
        outcome = await this.applyMessage(m).catch((err: unknown) => this.fromError(err));
      }
      if (outcome.kind === 'applied') {
        const p = m.patients[0];
        await this.repo.recordApplied(row.patient_key!, {
          sex: p?.sex || null,
          expectedDischargeAt: p?.expectedDischargeAt ?? null,
          eventAt: m.eventAt,
          sequence: m.sequence,
          messageId: row.id,
        });
      }
    }
    if (outcome.kind === 'hold') {
      if (Date.now() - row.received_at.getTime() >= env.HL7_HOLD_MAX_MS) {
        outcome = refuse({ code: '206', location: '', text: `Held too long (HL7_HOLD_MAX_MS ${env.HL7_HOLD_MAX_MS} ms) and refused: ${outcome.reason}` });
      } else {
        await this.repo.hold(row.id, outcome.reason, env.HL7_RETRY_MS);
        await this.notify(row.id);
        return;
      }
    }
    if (outcome.kind === 'applied') await this.repo.decide(row.id, 'APPLIED', outcome.note, null, outcome.summary ?? null);
    else if (outcome.kind === 'refuse') await this.repo.decide(row.id, 'REFUSED', outcome.error.text, outcome.error, null);
    await this.notify(row.id);
  }

  /** A refusal of the bed service becomes an AE; a bed changed meanwhile is tried again. */
  private fromError(err: unknown): Outcome {
    if (err instanceof AppError) {
      if (err.code === 'VERSION_CONFLICT' || err.code === 'DUPLICATE') return { kind: 'hold', reason: err.message };
      return refuse({ code: '207', location: '', text: err.message });
    }
    // The database or the like: not the message's fault, so it is tried again.
    return { kind: 'hold', reason: `internal error, tried again: ${(err as Error).message}` };
  }

  // ---- applying, one event at a time ----

  private async applyMessage(m: AdtMessage): Promise<Outcome> {
    const hospital = await this.mapping.hospitalFor(m.sendingFacility);
    if (!hospital.ok) return refuse(hospital.error);
    const actor = await this.interfaceActor();
    const reason = `HL7 ${m.event} ${m.controlId}`;
    const p = m.patients[0];
    switch (m.event) {
      case 'A01':
        return this.place(actor, hospital.value, p, 'admit', reason);
      case 'A04':
        if (!p.location?.bed) return applied('Registration without a bed: nothing to do.');
        return this.place(actor, hospital.value, p, 'admit', reason);
      case 'A02':
        return this.place(actor, hospital.value, p, 'transfer', reason);
      case 'A12':
        return this.place(actor, hospital.value, p, 'transfer', reason);
      case 'A13':
        return this.place(actor, hospital.value, p, 'readmit', reason);
      case 'A03':
      case 'A11':
        return this.release(actor, p, m.event);
      case 'A08':
        return this.update(actor, p);
      case 'A17':
        return this.swap(actor, hospital.value, m.patients, reason);
      case 'A20':
        return this.bedStatus(actor, hospital.value, m, reason);
    }
  }

  private async bedAt(
    hospitalCode: string,
    p: Pick<AdtPatient, 'location'>,
    where: string,
  ): Promise<{ ok: true; bed: BedRow } | { ok: false; error: Hl7Error }> {
    const mapped = await this.mapping.bedFor(hospitalCode, p.location, where, 'PV1-3');
    if (!mapped.ok) return mapped;
    const { bedCode, wardCode } = mapped.value;
    const bed = await this.beds.bedByCode(hospitalCode, bedCode);
    const named = describeLocation(p.location!);
    if (!bed) return { ok: false, error: { code: '204', location: where, text: `Bed ${bedCode} (from "${named}") does not exist in ${hospitalCode}.` } };
    if (bed.ward_code !== wardCode) {
      return {
        ok: false,
        error: {
          code: '204',
          location: where,
          text: `Bed ${bedCode} (from "${named}") is in ward ${bed.ward_code}, not in ward ${wardCode} the mapping names.`,
        },
      };
    }
    if (bed.retired_at) return { ok: false, error: { code: '204', location: where, text: `Bed ${bedCode} (from "${named}") is retired.` } };
    return { ok: true, bed };
  }

  /** A01, A04, A02, A12, A13: the patient is to lie in PV1-3's bed. */
  private async place(actor: Principal, hospitalCode: string, p: AdtPatient, mode: 'admit' | 'transfer' | 'readmit', reason: string): Promise<Outcome> {
    const payer = await this.mapping.payerFor(p.financialClass);
    if (!payer.ok) return refuse(payer.error);
    const target = await this.bedAt(hospitalCode, p, 'PV1^1^3');
    if (!target.ok) return refuse(target.error);
    const bed = target.bed;
    const room = await this.hospitals.roomById(bed.room_id);
    if (room) {
      const fits = sexFits(p.sex, room.sexPolicy, room.code);
      if (!fits.ok) return refuse(fits.error);
    }
    const latest = await this.beds.latestAdmissionOf(p.medicalRecordNumber);
    const active = latest && !latest.discharged_at ? latest : null;
    if (mode === 'transfer' && !active)
      return { kind: 'hold', reason: `Patient ${p.medicalRecordNumber} has no admission here yet (A01 not applied); a transfer needs one.` };
    if (mode === 'readmit' && !latest)
      return { kind: 'hold', reason: `Patient ${p.medicalRecordNumber} was never admitted here; nothing to cancel the discharge of yet.` };
    const occupant = bed.current_admission_id ? await this.beds.admission(bed.current_admission_id) : null;
    const decision = placementDecision(
      { code: bed.code, status: bed.status, occupantRecordNumber: occupant?.medicalRecordNumber ?? null },
      { medicalRecordNumber: p.medicalRecordNumber, currentBedCode: active?.bed_code ?? null },
    );
    switch (decision.action) {
      case 'hold':
        return { kind: 'hold', reason: decision.reason };
      case 'nothing':
        return applied(`Patient ${p.medicalRecordNumber} is in bed ${bed.code} already: nothing to do.`);
      case 'admit': {
        const b = await this.beds.admit(actor, {
          bedId: bed.id,
          expectedVersion: bed.version,
          medicalRecordNumber: p.medicalRecordNumber,
          emergency: p.patientClass === 'E',
          payerStatus: payer.value,
        });
        return applied(`Patient ${p.medicalRecordNumber} admitted to bed ${b.code}.`, { bed: b.code, bedVersion: b.version });
      }
      case 'transfer': {
        // The SIMRS says where the patient lies, also when the ward recorded another bed.
        const from = await this.beds.bed(active!.bed_id);
        const moved = await this.beds.transfer(actor, { fromBedId: from.id, toBedId: bed.id, fromVersion: from.version, toVersion: bed.version, reason });
        return applied(`Patient ${p.medicalRecordNumber} moved from bed ${moved.fromBed.code} to bed ${moved.toBed.code}.`, {
          fromBed: moved.fromBed.code,
          bed: moved.toBed.code,
        });
      }
    }
  }

  /** A03 discharge, A11 cancel admission: the patient leaves their bed, which goes to cleaning. */
  private async release(actor: Principal, p: AdtPatient, event: 'A03' | 'A11'): Promise<Outcome> {
    const latest = await this.beds.latestAdmissionOf(p.medicalRecordNumber);
    if (!latest) return { kind: 'hold', reason: `Patient ${p.medicalRecordNumber} has no admission here yet; waiting for it.` };
    if (latest.discharged_at) return applied(`Patient ${p.medicalRecordNumber} left bed ${latest.bed_code} already: nothing to do.`);
    const bed = await this.beds.bed(latest.bed_id);
    const died = event === 'A03' && DIED.has(p.dischargeDisposition) ? true : event === 'A03' && p.dischargeDisposition ? false : undefined;
    const b = await this.beds.discharge(actor, { bedId: bed.id, expectedVersion: bed.version, contaminated: false, died });
    const what = event === 'A03' ? 'discharged from' : 'admission cancelled; left';
    return applied(`Patient ${p.medicalRecordNumber} ${what} bed ${b.code} (now ${b.status}).`, { bed: b.code, bedVersion: b.version });
  }

  /** A08: payer (and sex, expected discharge, kept with the patient's intake state). */
  private async update(actor: Principal, p: AdtPatient): Promise<Outcome> {
    const payer = await this.mapping.payerFor(p.financialClass);
    if (!payer.ok) return refuse(payer.error);
    const latest = await this.beds.latestAdmissionOf(p.medicalRecordNumber);
    if (latest && !latest.discharged_at && latest.payer_status !== payer.value) {
      await this.beds.changePayerStatus(actor, latest.id, payer.value);
      return applied(`Patient ${p.medicalRecordNumber}: payer ${latest.payer_status} -> ${payer.value}.`, { payerStatus: payer.value });
    }
    return applied(`Patient ${p.medicalRecordNumber}: details recorded; no bed or payer change.`);
  }

  /** A17: the two patients change beds; PV1-3 of each group is the bed that patient goes to. */
  private async swap(actor: Principal, hospitalCode: string, patients: AdtPatient[], reason: string): Promise<Outcome> {
    const [p1, p2] = patients;
    const t1 = await this.bedAt(hospitalCode, p1, 'PV1^1^3');
    if (!t1.ok) return refuse(t1.error);
    const t2 = await this.bedAt(hospitalCode, p2, 'PV1^2^3');
    if (!t2.ok) return refuse(t2.error);
    const [a1, a2] = await Promise.all([this.beds.latestAdmissionOf(p1.medicalRecordNumber), this.beds.latestAdmissionOf(p2.medicalRecordNumber)]);
    const in1 = a1 && !a1.discharged_at ? a1.bed_code : null;
    const in2 = a2 && !a2.discharged_at ? a2.bed_code : null;
    if (in1 === t1.bed.code && in2 === t2.bed.code)
      return applied(`Patients ${p1.medicalRecordNumber} and ${p2.medicalRecordNumber} are in beds ${in1} and ${in2} already.`);
    if (in1 !== t2.bed.code || in2 !== t1.bed.code) {
      return {
        kind: 'hold',
        reason: `A17 swaps ${p1.medicalRecordNumber} (in ${in1 ?? 'no bed'}) and ${p2.medicalRecordNumber} (in ${in2 ?? 'no bed'}); it needs them in beds ${t2.bed.code} and ${t1.bed.code}.`,
      };
    }
    await this.beds.swapPatients(actor, { bedAId: t1.bed.id, bedBId: t2.bed.id, versionA: t1.bed.version, versionB: t2.bed.version, reason });
    return applied(`Patients swapped: ${p1.medicalRecordNumber} to bed ${t1.bed.code}, ${p2.medicalRecordNumber} to bed ${t2.bed.code}.`);
  }

  /** A20: a bed's status (NPU-2, HL7 table 0116), by the rule of which source wins. */
  private async bedStatus(actor: Principal, hospitalCode: string, m: AdtMessage, reason: string): Promise<Outcome> {
    const npu = m.bedStatus!;
    const target = BED_STATUS_0116[npu.status];
    if (!target) {
      return refuse({
        code: '103',
        location: 'NPU^1^2',
        text: `NPU-2 "${npu.status}" is not an HL7 table 0116 bed status; taken: ${Object.keys(BED_STATUS_0116).join(', ')}.`,
      });
    }
    const mapped = await this.mapping.bedFor(hospitalCode, npu.location, 'NPU^1^1', 'NPU-1');
    if (!mapped.ok) return refuse(mapped.error);
    const found = await this.bedAt(hospitalCode, { location: npu.location }, 'NPU^1^1');
    if (!found.ok) return refuse(found.error);
    const bed = found.bed;
    const by = await this.beds.lastChangedBy(bed.id);
    const decision = bedStatusDecision(bed.status, target, bed.code, by !== null && by !== actor.id);
    if (decision.action === 'refuse') return refuse({ code: '207', location: 'NPU^1^2', text: decision.text });
    if (decision.action === 'nothing') return applied(`Bed ${bed.code} is ${bed.status} already: nothing to do.`);
    const b = await this.beds.changeStatus(actor, { bedId: bed.id, expectedVersion: bed.version, status: target, reason });
    return applied(`Bed ${b.code}: ${bed.status} -> ${b.status}.`, { bed: b.code, bedVersion: b.version });
  }

  // ---- the admin's side ----

  async messages(filter: Hl7LogFilter, beforeId: string | null, limit: number): Promise<{ total: number; rows: Hl7MessageRow[] }> {
    return this.repo.page(filter, beforeId, limit);
  }

  async retry(id: string): Promise<Hl7MessageRow> {
    const row = await this.repo.byId(id);
    if (!row) throw notFound('HL7 message', id);
    if (!(await this.repo.requeue(id))) {
      throw badInput(
        `Message ${id} is ${row.status}; only a REFUSED or a held (PENDING) one is retried. A REJECTED one cannot be read: the sender must resend it corrected.`,
      );
    }
    this.kick();
    return (await this.repo.byId(id))!;
  }

  async dismiss(actor: Principal, id: string, reason: string): Promise<Hl7MessageRow> {
    const row = await this.repo.byId(id);
    if (!row) throw notFound('HL7 message', id);
    if (!(await this.repo.dismiss(id, actor.id, reason)))
      throw badInput(`Message ${id} is ${row.status}; only a PENDING, REFUSED or REJECTED one is dismissed.`);
    await this.notify(id);
    return (await this.repo.byId(id))!;
  }
}

/** Messages of one patient (per sender) are applied in order; an A20 is ordered per bed. */
export function patientKey(m: AdtMessage): string {
  if (m.bedStatus) return `${m.sender}|bed|${describeLocation(m.bedStatus.location)}`;
  return `${m.sender}|${m.patients[0].medicalRecordNumber}`;
}

/** The parsed summary kept in the intake log beside the raw text. */
export function summarize(m: AdtMessage): Record<string, unknown> {
  return {
    event: m.event,
    version: m.version,
    eventAt: m.eventAt.toISOString(),
    sequence: m.sequence?.toString() ?? null,
    patients: m.patients.map((p) => ({
      medicalRecordNumber: p.medicalRecordNumber,
      sex: p.sex || null,
      patientClass: p.patientClass || null,
      location: p.location ? describeLocation(p.location) : null,
      priorLocation: p.priorLocation ? describeLocation(p.priorLocation) : null,
      financialClass: p.financialClass || null,
    })),
    bedStatus: m.bedStatus ? { location: describeLocation(m.bedStatus.location), status: m.bedStatus.status } : null,
  };
}
