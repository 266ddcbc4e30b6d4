/**
 * What a setup change of a bed (create, class or room change, retire, reopen) does to the
 * availability counters. Pure: no framework imports.
 */
import type { BedClass } from './bed-class';
import { AVAILABILITY_BUCKET, type AvailabilityBucket, type BedStatus } from './bed-status';

/** Where a bed counts: its (ward, class) row and its status's bucket; null when it counts nowhere (retired, or not there). */
export interface CountedBed {
  wardId: string;
  bedClass: BedClass;
  status: BedStatus;
}

export interface CounterMove {
  wardId: string;
  bedClass: BedClass;
  bucket: AvailabilityBucket;
  delta: 1 | -1;
}

/** The counter moves that take a bed from where it counted to where it counts now (none when the same). */
export function counterMoves(before: CountedBed | null, after: CountedBed | null): CounterMove[] {
  const from = before && { wardId: before.wardId, bedClass: before.bedClass, bucket: AVAILABILITY_BUCKET[before.status] };
  const to = after && { wardId: after.wardId, bedClass: after.bedClass, bucket: AVAILABILITY_BUCKET[after.status] };
  if (from && to && from.wardId === to.wardId && from.bedClass === to.bedClass && from.bucket === to.bucket) return [];
  const moves: CounterMove[] = [];
  if (from) moves.push({ ...from, delta: -1 });
  if (to) moves.push({ ...to, delta: 1 });
  return moves;
}

export type RetireCheck = { ok: true } | { ok: false; message: string };

/** A bed is retired only when no patient is in it; its history stays. */
export function checkRetire(bed: { code: string; retired: boolean; status: BedStatus; hasPatient: boolean }): RetireCheck {
  if (bed.retired) return { ok: false, message: `Bed ${bed.code} is already retired; reopenBed puts it back in service.` };
  if (bed.hasPatient || bed.status === 'OCCUPIED') {
    return { ok: false, message: `Bed ${bed.code} has a patient; discharge or transfer them first (dischargePatient, transferPatient), then retire the bed.` };
  }
  return { ok: true };
}

/** A class change of an occupied bed would count its patient in another class mid-stay. */
export function checkClassChange(bed: { code: string; status: BedStatus; bedClass: BedClass }, to: BedClass): RetireCheck {
  if (bed.bedClass === to || bed.status !== 'OCCUPIED') return { ok: true };
  return { ok: false, message: `Bed ${bed.code} has a patient; change its class (${bed.bedClass} to ${to}) after the patient leaves it.` };
}
