/** The ledger's queue and its one job: placing the hold of a submitted claim (ledger.processor.ts). */
export const LEDGER_POSTINGS_QUEUE = 'ledger-postings';

export const HOLD_JOB = 'hold';

/** What a hold job carries: the claim whose hold it places (jobId is the claim id too). */
export interface HoldJobData {
  claimId: string;
}

export const LEDGER_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  // Completed jobs are kept a while so a re-enqueue of the same claim id is a no-op.
  removeOnComplete: { age: 24 * 3600, count: 10000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;
