/** Every BullMQ queue of the service. */
export enum QueueName {
  /** Places the hold of a submitted claim (src/ledger/ledger.processor.ts). */
  LedgerPostings = 'ledger-postings',
}

/** What a job carries: the claim whose pending posting it applies (jobId is the claim id too). */
export interface JobData {
  claimId: string;
}
