/**
 * Which rooms take which patient. Pure: no framework imports. A room's sex policy is set up
 * with the room (src/hospitals/sex-policy.ts); the patient's sex is recorded on the admission.
 */
import type { SexPolicy } from '../hospitals/sex-policy';

export const PATIENT_SEXES = ['MALE', 'FEMALE'] as const;
export type PatientSex = (typeof PATIENT_SEXES)[number];

const POLICY_WORDS: Record<SexPolicy, string> = {
  MALE: 'men only (MALE)',
  FEMALE: 'women only (FEMALE)',
  MIXED: 'men and women (MIXED)',
};

export type SexCheck = { ok: true } | { ok: false; message: string };

/**
 * Whether a patient of this sex may lie in a room of this policy. A sex not given (null) is
 * not checked: callers that predate it (and admissions of other systems that do not send it)
 * keep working; the ward console always asks.
 */
export function checkRoomSex(room: { code: string; sexPolicy: SexPolicy }, sex: PatientSex | null): SexCheck {
  if (sex === null || room.sexPolicy === 'MIXED' || room.sexPolicy === sex) return { ok: true };
  return { ok: false, message: `Room ${room.code} takes ${POLICY_WORDS[room.sexPolicy]}; the patient is ${sex}. Choose a bed in a ${sex} or MIXED room.` };
}

/** Free beds by who they take, as BPJS Aplicares reports them (tersediapria, tersediawanita, tersediapriawanita). */
export interface FreeBySex {
  freeMaleOnly: number;
  freeFemaleOnly: number;
  freeEither: number;
}
