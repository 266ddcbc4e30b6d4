import { defineTopic } from '../outbox/topic';
import { BED_CLASSES, type BedClass } from './bed-class';
import type { BedStatus } from './bed-status';
import type { BedChange, WardAvailability } from './bed-changes.types';
import type { AvailabilityRow, BedStateRow } from './beds.repository';
import { availableForNewcomer } from './waiting-rules';

/** WardAvailability as it crosses pub/sub (JSON: the time is a string). */
export type WardAvailabilityMessage = Omit<WardAvailabilityFacts, 'updatedAt'> & { updatedAt: string | Date };
export type BedChangeMessage = Omit<BedChange, 'statusSince' | 'reservedUntil'> & { statusSince: string | Date; reservedUntil: string | Date | null };

/** What the counts are derived from: what crosses pub/sub, so that SQL can write it too (see availabilityEventsQuery). */
export type WardAvailabilityFacts = Omit<WardAvailability, 'rsOnlineCode' | 'bedClassLabel' | 'availableForNewcomer'>;

/** The counts with what the rules derive from them (the class's codes and labels, the newcomer's share). */
export const withDerivedCounts = (f: WardAvailabilityFacts): WardAvailability => ({
  ...f,
  rsOnlineCode: BED_CLASSES[f.bedClass].idTt,
  bedClassLabel: BED_CLASSES[f.bedClass].label,
  availableForNewcomer: availableForNewcomer({ available: f.available, waiting: f.waiting, waitingAnyWard: f.waitingAnyWard }),
});

const encodeWardAvailability = (v: WardAvailability): WardAvailabilityFacts => {
  const { rsOnlineCode: _code, bedClassLabel: _label, availableForNewcomer: _share, ...facts } = v;
  return facts;
};

export const parseWardAvailability = (raw: unknown): WardAvailability => {
  const m = raw as WardAvailabilityMessage;
  return withDerivedCounts({ ...m, updatedAt: new Date(m.updatedAt) });
};

export const parseBedChange = (raw: unknown): BedChange => {
  const m = raw as BedChangeMessage;
  return { ...m, statusSince: new Date(m.statusSince), reservedUntil: m.reservedUntil ? new Date(m.reservedUntil) : null };
};

/** The new counts of one (ward, class), after every bed change that moved them. */
export const AVAILABILITY_CHANGED = defineTopic<WardAvailability>('availabilityChanged', {
  encode: encodeWardAvailability,
  parse: parseWardAvailability,
});

/** One bed's new state. */
export const BED_CHANGED = defineTopic<BedChange>('bedChanged', { parse: parseBedChange });

export const toWardAvailability = (r: AvailabilityRow): WardAvailability =>
  withDerivedCounts({
    hospitalCode: r.hospital_code,
    wardId: r.ward_id,
    wardName: r.ward_name,
    bedClass: r.bed_class,
    total: r.total,
    available: r.available,
    occupied: r.occupied,
    reserved: r.reserved,
    cleaning: r.cleaning,
    closed: r.closed,
    waiting: r.waiting,
    waitingAnyWard: r.waiting_any_ward,
    freeMaleOnly: r.free_male_only,
    freeFemaleOnly: r.free_female_only,
    freeEither: r.free_either,
    expectedFreeWithin24h: r.expected_free_24h,
    seq: r.seq,
    updatedAt: r.updated_at,
  });

/** The bed's new state, as sent to its ward's staff: no admission, no patient. */
export const toBedChange = (bed: BedStateRow, fromStatus: BedStatus | null): BedChange => ({
  bedId: bed.id,
  wardId: bed.ward_id,
  code: bed.code,
  bedClass: bed.bed_class,
  status: bed.status,
  fromStatus,
  version: bed.version,
  statusSince: bed.status_since,
  roomId: bed.room_id,
  retired: bed.retired_at !== null,
  reservedUntil: bed.reserved_until,
  reservationPurpose: bed.reservation_purpose,
});

/** The key under which a subscriber keeps only the newest counts of one (ward, class). */
export const availabilityKey = (v: { wardId: string; bedClass: BedClass }): string => `${v.wardId}/${v.bedClass}`;
