/**
 * The ledger's queue and its jobs (ledger.processor.ts): placing the hold of a submitted claim,
 * releasing a hold that ran out, flagging a verified claim left unpaid.
 */
export const LEDGER_POSTINGS_QUEUE = 'ledger-postings';

export const HOLD_JOB = 'hold';
export const EXPIRE_HOLD_JOB = 'expire-hold';
export const FLAG_PAYMENT_JOB = 'flag-payment';
export const LEDGER_JOBS = [HOLD_JOB, EXPIRE_HOLD_JOB, FLAG_PAYMENT_JOB] as const;

/** What every ledger job carries: its claim (jobId: the claim id for a hold, `expire-<id>`, `flag-<id>`). */
export interface HoldJobData {
  claimId: string;
  /**
   * A hold job only: every claim submitted in one gathering window (LEDGER_HOLD_GATHER_MS),
   * `claimId` first; a job queued by the sweep, or before gathering existed, carries `claimId` alone.
   */
  claimIds?: string[];
}

/** The claims whose holds a hold job places. */
export function claimsOfHoldJob(data: HoldJobData): readonly string[] {
  return data.claimIds && data.claimIds.length > 0 ? data.claimIds : [data.claimId];
}

/**
 * A hold job posts up to this many REQUESTED claims of its fund under one lock of the fund: the
 * lock, not the worker, bounds the holds of one fund, so each lock taken posts many. It is also
 * the most claims one gathered hold job carries.
 */
export const HOLD_BATCH = 50;

export const LEDGER_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  // Completed jobs are kept a while so a re-enqueue of the same claim id is a no-op.
  removeOnComplete: { age: 24 * 3600, count: 10000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;
