/**
 * Possible double claims, flagged for the verifier and never refused: another claim for the
 * same NIK or the same medical record number, in the same admission or submitted within the
 * window (CLAIM_DUPLICATE_WINDOW_DAYS). Pure.
 */
export interface DuplicateKey {
  id: string;
  nik: string | null;
  medicalRecordNumber: string;
  admissionId: string | null;
  createdAt: Date;
}

export const DUPLICATE_REASONS = ['SAME_NIK', 'SAME_RECORD_NUMBER', 'SAME_ADMISSION', 'WITHIN_WINDOW'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** Why `other` may be a double of `claim` (empty: it is not). */
export function duplicateReasons(claim: DuplicateKey, other: DuplicateKey, windowDays: number): DuplicateReason[] {
  if (claim.id === other.id) return [];
  const who: DuplicateReason[] = [];
  if (claim.nik !== null && claim.nik === other.nik) who.push('SAME_NIK');
  if (claim.medicalRecordNumber === other.medicalRecordNumber) who.push('SAME_RECORD_NUMBER');
  if (who.length === 0) return [];
  const when: DuplicateReason[] = [];
  if (claim.admissionId !== null && claim.admissionId === other.admissionId) when.push('SAME_ADMISSION');
  if (Math.abs(claim.createdAt.getTime() - other.createdAt.getTime()) <= windowDays * 24 * 3600 * 1000) when.push('WITHIN_WINDOW');
  return when.length === 0 ? [] : [...who, ...when];
}
