/**
 * The rules of a hospital's setup: what a code, a phone number, a sex policy and a bed class
 * may be, and the KRIS room limit. Pure: no framework imports; the inputs, the service and
 * the import all ask these.
 */
import { BED_CLASS_NAMES, isBedClass, type BedClass } from '../beds/bed-class';
import { isSexPolicy, SEX_POLICIES, type SexPolicy } from '../hospitals/sex-policy';

import { CODE, CODE_RULE } from '../common/codes';

export { CODE, CODE_RULE };

/** A hotline as dialled: digits, spaces, "-", an optional leading "+". */
export const PHONE = /^\+?[0-9][0-9 -]{4,38}$/;
export const PHONE_RULE = 'a telephone number of 5-40 digits, spaces or "-", optionally starting with "+"';

/** KRIS JKN (Perpres 59/2024): a room holds at most four beds. */
export const KRIS_MAX_BEDS = 4;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

export function checkCode(field: string, value: string): Checked<string> {
  const v = value.trim();
  return CODE.test(v) ? { ok: true, value: v } : { ok: false, message: `${field} must be ${CODE_RULE}; got ${JSON.stringify(value)}` };
}

export function checkBedClass(value: string): Checked<BedClass> {
  const v = value.trim().toUpperCase();
  return isBedClass(v)
    ? { ok: true, value: v }
    : { ok: false, message: `bed class must be one of ${BED_CLASS_NAMES.join(', ')}; got ${JSON.stringify(value)}` };
}

export function checkSexPolicy(value: string): Checked<SexPolicy> {
  const v = value.trim().toUpperCase();
  return isSexPolicy(v) ? { ok: true, value: v } : { ok: false, message: `sex policy must be one of ${SEX_POLICIES.join(', ')}; got ${JSON.stringify(value)}` };
}

export function checkName(field: string, value: string, max = 200): Checked<string> {
  const v = value.trim();
  return v.length >= 1 && v.length <= max ? { ok: true, value: v } : { ok: false, message: `${field} must be 1-${max} characters` };
}

/** A KRIS room with more than four beds in service does not meet KRIS. */
export function krisProblem(room: { code: string; kris: boolean }, bedsInService: number): string | null {
  if (!room.kris || bedsInService <= KRIS_MAX_BEDS) return null;
  return `Room ${room.code} is marked KRIS, which allows at most ${KRIS_MAX_BEDS} beds in a room; it would have ${bedsInService}. Add a room, or set kris to false.`;
}

/** A hospital's position has both its latitude and its longitude, or neither. */
export function coordinatesProblem(latitude: number | null, longitude: number | null): string | null {
  if ((latitude === null) === (longitude === null)) return null;
  return 'Give latitude and longitude together (or set both to null to remove the position).';
}

/** The fields of `after` that differ from `before` (setup updates change only what was given and differs). */
export function changedFields<T extends object>(before: T, after: Partial<T>): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] !== undefined && after[key] !== before[key]) changed[key] = after[key];
  }
  return changed;
}
