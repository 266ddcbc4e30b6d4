import type { BedClass } from '../beds/bed-class';
import type { BedStatus } from '../beds/bed-status';
import type { BedChange, WardAvailability } from './availability.types';

/** Outbox/pub-sub topic of the new counts of one (ward, class); payload: WardAvailability. */
export const AVAILABILITY_CHANGED = 'availabilityChanged';

/** Outbox/pub-sub topic of one bed's new state; payload: BedChange. */
export const BED_CHANGED = 'bedChanged';

/** WardAvailability as it crosses pub/sub (JSON: the time is a string). */
export type WardAvailabilityMessage = Omit<WardAvailability, 'updatedAt'> & { updatedAt: string | Date };

export type BedChangeMessage = Omit<BedChange, 'statusSince'> & { statusSince: string | Date };

export const availabilityKey = (v: { wardId: string; bedClass: BedClass }): string => `${v.wardId}/${v.bedClass}`;

export const parseWardAvailability = (raw: unknown): WardAvailability => {
  const m = raw as WardAvailabilityMessage;
  return { ...m, updatedAt: new Date(m.updatedAt) };
};

export const parseBedChange = (raw: unknown): BedChange => {
  const m = raw as BedChangeMessage;
  return { ...m, statusSince: new Date(m.statusSince) };
};

/** The bed's new state, as sent to its ward's staff: no admission, no patient. */
export const toBedChange = (
  bed: { id: string; ward_id: string; code: string; bed_class: BedClass; status: BedStatus; version: number; status_since: Date },
  fromStatus: BedStatus | null,
): BedChange => ({
  bedId: bed.id,
  wardId: bed.ward_id,
  code: bed.code,
  bedClass: bed.bed_class,
  status: bed.status,
  fromStatus,
  version: bed.version,
  statusSince: bed.status_since,
});
