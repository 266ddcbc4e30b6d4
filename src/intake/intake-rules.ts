import { checkTransition, type BedStatus } from '../beds/bed-status';
import { PAYER_STATUSES, type PayerStatus } from '../beds/payer-status';
import type { Hl7Error, Hl7Location } from './adt-message';

/**
 * The intake's rules, pure: the order of messages per patient, the mapping of HL7 values to
 * the service's, and which source wins when the ward and the SIMRS disagree.
 *
 * Which source wins:
 * - Who lies in which bed (admission, transfer, discharge, swap and their cancellations, the
 *   payer) is the SIMRS's. When the ward's record differs, the SIMRS's message decides: a
 *   patient the ward put in another bed is transferred to the bed the SIMRS names; a discharge
 *   the ward recorded already is acknowledged with nothing to do.
 * - Whether a bed is ready (cleaning, disinfection, closure, isolation) is the ward's. The
 *   interface never ends a status ward staff set: an A20 that would is refused, and a patient
 *   sent to a bed that is not ready (or still holds someone else) is held until the ward
 *   readies it, then refused.
 */

/** The order a sender meant: MSH-7, then MSH-13 where given, then arrival. */
export interface OrderKey {
  eventAt: Date;
  sequence: bigint | null;
  id: bigint;
}

export function compareOrder(a: OrderKey, b: OrderKey): number {
  const t = a.eventAt.getTime() - b.eventAt.getTime();
  if (t !== 0) return t < 0 ? -1 : 1;
  if (a.sequence !== null && b.sequence !== null && a.sequence !== b.sequence) return a.sequence < b.sequence ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

/** A message older than what was applied last for its patient came too late to be placed in order. */
export function isLate(message: Omit<OrderKey, 'id'>, lastApplied: { eventAt: Date; sequence: bigint | null } | null): boolean {
  if (!lastApplied) return false;
  const t = message.eventAt.getTime() - lastApplied.eventAt.getTime();
  if (t !== 0) return t < 0;
  return message.sequence !== null && lastApplied.sequence !== null && message.sequence < lastApplied.sequence;
}

/** HL7 table 0116 (bed status) to the service's statuses. */
export const BED_STATUS_0116: Record<string, BedStatus> = {
  C: 'CLOSED',
  H: 'CLEANING',
  I: 'ISOLATED',
  K: 'CONTAMINATED',
  O: 'OCCUPIED',
  U: 'AVAILABLE',
};

/** Statuses the ward owns: only ward staff end them (see the rule above). */
export const WARD_OWNED: readonly BedStatus[] = ['CLEANING', 'CONTAMINATED', 'CLOSED', 'ISOLATED', 'RESERVED'];

const BED_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/** The bed code a location names under a point of care's template ({pointOfCare}, {room}, {bed}). */
export function bedCodeFor(template: string, loc: Hl7Location): string {
  return template
    .replace(/\{pointOfCare\}/g, loc.pointOfCare)
    .replace(/\{room\}/g, loc.room)
    .replace(/\{bed\}/g, loc.bed);
}

export function isValidTemplate(template: string): boolean {
  return /\{bed\}/.test(template) && BED_CODE.test(template.replace(/\{(pointOfCare|room|bed)\}/g, 'x'));
}

export function describeLocation(loc: Hl7Location): string {
  return [loc.pointOfCare, loc.room, loc.bed, loc.facility].join('^').replace(/\^+$/, '');
}

export type Decision<T> = { ok: true; value: T } | { ok: false; error: Hl7Error };

/** PV1-20 (or IN1-2) through the admin's payer table; '' is "none sent". */
export function mapPayer(financialClass: string, table: ReadonlyMap<string, string>): Decision<PayerStatus> {
  const target = table.get(financialClass.toUpperCase());
  if (target && (PAYER_STATUSES as readonly string[]).includes(target)) return { ok: true, value: target as PayerStatus };
  const known = [...table.keys()].filter((k) => k !== '').sort();
  return {
    ok: false,
    error: {
      code: '103',
      location: 'PV1^1^20',
      text: `Financial class "${financialClass}" (PV1-20 or IN1-2) is not in the payer mapping; mapped: ${known.join(', ') || 'none'}. An admin adds it with setHl7Payer.`,
    },
  };
}

/** PID-8 (HL7 table 0001) against a room that takes one sex only. */
export function sexFits(sex: string, roomPolicy: string, roomCode: string): Decision<true> {
  const wanted = roomPolicy === 'MALE' ? 'M' : roomPolicy === 'FEMALE' ? 'F' : null;
  if (wanted === null || sex === '' || sex === wanted) return { ok: true, value: true };
  return {
    ok: false,
    error: {
      code: '207',
      location: 'PID^1^8',
      text: `Room ${roomCode} takes ${roomPolicy} patients only; PID-8 is ${sex}. Send the patient to a room that takes them.`,
    },
  };
}

/** What the interface may do with a bed's status for an A20 (NPU-2), by the rule above. */
export function bedStatusDecision(
  current: BedStatus,
  target: BedStatus,
  bedCode: string,
  lastChangedByWard: boolean,
): { action: 'apply' | 'nothing' } | { action: 'refuse'; text: string } {
  if (current === target) return { action: 'nothing' };
  if (target === 'OCCUPIED')
    return { action: 'refuse', text: `NPU-2 O (occupied) is not taken: a bed is occupied by an admission (A01, A02). Bed ${bedCode} stays ${current}.` };
  if (current === 'OCCUPIED')
    return { action: 'refuse', text: `Bed ${bedCode} holds a patient; it is released by a discharge or transfer (A03, A02), not by A20.` };
  if (lastChangedByWard && WARD_OWNED.includes(current)) {
    return {
      action: 'refuse',
      text: `Bed ${bedCode} is ${current}, set by the ward; the ward ends that status (cleaning and closures are the ward's), not A20.`,
    };
  }
  const check = checkTransition(current, target, 'status');
  if (!check.ok) return { action: 'refuse', text: `Bed ${bedCode}: ${check.message}` };
  return { action: 'apply' };
}

/** Whether a patient may be placed in a bed now, must wait, or is there already. */
export function placementDecision(
  bed: { code: string; status: BedStatus; occupantRecordNumber: string | null },
  patient: { medicalRecordNumber: string; currentBedCode: string | null },
): { action: 'nothing' | 'admit' | 'transfer' } | { action: 'hold'; reason: string } {
  if (patient.currentBedCode === bed.code) return { action: 'nothing' };
  if (bed.status === 'OCCUPIED') {
    return {
      action: 'hold',
      reason: `Bed ${bed.code} holds another patient (${bed.occupantRecordNumber ?? 'unknown'}); waiting for their transfer or discharge.`,
    };
  }
  if (!checkTransition(bed.status, 'OCCUPIED', 'admit').ok) {
    return { action: 'hold', reason: `Bed ${bed.code} is ${bed.status} (the ward's); waiting until the ward makes it AVAILABLE.` };
  }
  return { action: patient.currentBedCode === null ? 'admit' : 'transfer' };
}
