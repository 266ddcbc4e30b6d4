import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError, badInput, forbidden, notFound } from '../common/error-codes';
import { inClosingTransaction } from '../common/closing-transaction';
import { withDeadline } from '../common/deadline';
import { AppConfig } from '../config/app-config';
import { OutboxService } from '../outbox/outbox.service';
import { outboxEntry, type OutboxEntry } from '../outbox/topic';
import { QueueService } from '../queue/queue.service';
import { ClaimEvidenceService } from './claim-evidence.service';
import {
  applyLines,
  checkFundOpenFor,
  holdExpired,
  holdLines,
  isLowBalance,
  LedgerRuleError,
  nextStatus,
  payLines,
  refundLines,
  releaseLines,
  requirePositive,
  verifyLines,
  type ClaimAction,
  type ClaimStatus,
  type FundBalances,
  type StatusAction,
} from './claim-rules';
import { unrecordedDocuments, unrecordedDocumentsOf } from './claim-documents.repository';
import {
  claimBySp2d,
  findByIdempotencyKey,
  findClaim,
  insertClaimEvents,
  lockRequestedClaims,
  markHoldOutcomes,
  insertClaimEvent,
  lastVerifier,
  lockClaim,
  markExpired,
  markPaid,
  markPaymentOverdue,
  markRefunded,
  markRejected,
  markVerified,
  pendingClaimIds,
  recordNewClaim,
  statusesOf,
  toClaimModel,
  type ClaimRow,
  type HoldOutcome,
} from './claims.repository';
import { checkSeparationOfDuties, type ClaimActors } from './duty-separation';
import { fiscalYearOf, parseCalendarDate } from './fiscal-calendar';
import { findFund, fundOfYear, lockFund, type LockedFund } from './funds.repository';
import { appendPosting, appendPostings, type Posting } from './journal.repository';
import { fromRule, isUniqueViolation, rule } from './ledger-errors';
import type { SubmitClaimInput } from './ledger.inputs';
import { HOLD_BATCH, HOLD_JOB, LEDGER_JOB_OPTIONS, LEDGER_POSTINGS_QUEUE, type HoldJobData } from './ledger.jobs';
import { LedgerQueriesService } from './ledger-queries.service';
import type { ClaimModel } from './ledger.models';
import type { ClaimChange, FundBalanceChange } from './ledger.payloads';
import { CLAIM_CHANGED, FUND_BALANCE_CHANGED } from './ledger.topics';

/** The worker acts in the service's own name in the claim history. */
const WORKER_ACTOR = 'ledger-worker';

/** SP2D numbers as the treasury prints them, e.g. 0123/SP2D/LS/BPKAD/2025. */
const SP2D_NUMBER = /^[A-Za-z0-9][A-Za-z0-9./ -]{0,63}$/;

export interface Sp2d {
  number: string;
  date: string;
}

function requireSp2d(sp2d: Sp2d): void {
  if (!SP2D_NUMBER.test(sp2d.number) || sp2d.number.trim() !== sp2d.number) {
    throw badInput('sp2dNumber must be 1 to 64 letters, digits, "/", ".", "-" or spaces (no leading or trailing space), such as 0123/SP2D/LS/BPKAD/2025.');
  }
  if (parseCalendarDate(sp2d.date) === null) throw badInput('sp2dDate must be a calendar date YYYY-MM-DD, such as 2025-06-30.');
}

function requireReason(reason: string): void {
  if (reason.trim().length === 0 || reason.length > 500) throw badInput('reason must be 1 to 500 characters.');
}

/** SHA-256 of a submission's content: a retry under the same key must carry the same content. */
function fingerprint(input: SubmitClaimInput): string {
  const content = [
    input.fundId.toLowerCase(),
    input.medicalRecordNumber,
    input.patientName,
    input.nik ?? null,
    input.payerStatus,
    input.emergency,
    input.amount.toString(),
    input.admissionId?.toLowerCase() ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** A claim's new state after `action` (its history event `seq`), as the outbox carries it. */
function claimChange(claim: ClaimRow, action: ClaimAction, seq: string, actorUsername: string, at: Date): ClaimChange {
  return {
    claimId: claim.id,
    fundId: claim.fund_id,
    seq,
    action,
    status: claim.status,
    medicalRecordNumber: claim.medical_record_number,
    amount: BigInt(claim.amount),
    heldAmount: BigInt(claim.held_amount),
    paidAmount: BigInt(claim.paid_amount),
    refundedAmount: BigInt(claim.refunded_amount),
    rejectReason: claim.reject_reason,
    actorUsername,
    at,
  };
}

export type HoldResult = 'HELD' | 'REJECTED' | 'ALREADY_DONE' | 'UNKNOWN_CLAIM';

/** What a hold job did to each of its claims, counted. */
export type HoldTally = Record<HoldResult, number>;

/** Oldest first: the order in which a batch decides its holds (and INSUFFICIENT_FUNDS). */
const byCreation = (a: ClaimRow, b: ClaimRow): number => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const step = (status: ClaimStatus, action: StatusAction): ClaimStatus => rule(() => nextStatus(status, action));

/**
 * The claim commands: submit, the worker's hold, verify, reject, pay, refund, and the sweep of
 * claims still REQUESTED. Every posting runs in one transaction that locks the claim
 * (re-checking its status) and then the fund row, and appends to the journal, whose
 * (claim, kind) key refuses a second application.
 */
@Injectable()
export class ClaimCommandsService {
  private readonly log = new Logger(ClaimCommandsService.name);
  /**
   * Gathers the holds of the claims submitted within LEDGER_HOLD_GATHER_MS into one job (at most
   * HOLD_BATCH): the queue's work (adding, taking and finishing a job) is then paid per window,
   * not per claim. Each submission still waits for the job that carries its claim.
   */
  private readonly holdsToQueue: DataLoader<string, void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: QueueService,
    private readonly evidence: ClaimEvidenceService,
    private readonly queries: LedgerQueriesService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {
    const gatherMs = config.env.LEDGER_HOLD_GATHER_MS;
    this.holdsToQueue = new DataLoader<string, void>(
      async (claimIds) => {
        await this.queueHoldJob(claimIds);
        return claimIds.map(() => undefined);
      },
      { cache: false, maxBatchSize: HOLD_BATCH, batchScheduleFn: gatherMs > 0 ? (send) => setTimeout(send, gatherMs) : undefined },
    );
  }

  /**
   * Records the claim as REQUESTED and queues its hold; returns at once. The same idempotency
   * key with the same content returns the claim already recorded; with other content, DUPLICATE.
   * A new claim costs one statement (claim, its event, the idempotency key and the fund's year
   * and openness at once), and its outbox row goes with the COMMIT; the reads that tell refusals
   * apart run only on refusal.
   */
  async submit(actor: Principal, input: SubmitClaimInput): Promise<ClaimModel> {
    rule(() => requirePositive(input.amount, 'The claim amount'));
    const print = fingerprint(input);
    let assessment;
    try {
      assessment = await this.evidence.assess(actor, input);
    } catch (err) {
      return this.refusal(input, print, err);
    }
    const { admission, evidence } = assessment;
    const admittedAt = input.admissionId ? (await this.queries.admission(input.admissionId))?.admittedAt : undefined;
    const outcome = await inClosingTransaction(this.db, async (tx) => {
      const recorded = await recordNewClaim(
        tx.manager,
        {
          fundId: input.fundId,
          idempotencyKey: input.idempotencyKey,
          requestFingerprint: print,
          amount: input.amount,
          payerStatus: input.payerStatus,
          medicalRecordNumber: input.medicalRecordNumber,
          patientName: input.patientName,
          nik: input.nik ?? null,
          emergency: input.emergency,
          admissionId: input.admissionId ?? null,
          wardId: admission?.wardId ?? null,
          evidence,
          submittedBy: actor.id,
        },
        fiscalYearOf(admittedAt ?? new Date()),
        actor.username,
      );
      if (recorded.kind === 'created') {
        // The claim's event goes in the message that commits: one round trip fewer per claim.
        const change = claimChange(recorded.claim, 'SUBMIT', recorded.eventId, actor.username, recorded.claim.created_at);
        this.outbox.enqueueAtCommit(tx, [], null, [outboxEntry(CLAIM_CHANGED, change)]);
      }
      return recorded;
    });
    if (outcome.kind === 'refused') return this.refusal(input, print, null);
    if (outcome.kind === 'existing') return this.answerRetry(outcome.claim, input.idempotencyKey, print);
    await this.holdsToQueue.load(outcome.claim.id);
    return toClaimModel(outcome.claim);
  }

  /**
   * A submission that was not recorded, answered as the checks always were, in their order: the
   * claim of its idempotency key (a retry, or a concurrent submission that won), then the fund and
   * fiscal year, then `err` (the eligibility refusal, when there was one).
   */
  private async refusal(input: SubmitClaimInput, print: string, err: unknown): Promise<ClaimModel> {
    const existing = await findByIdempotencyKey(this.db, input.idempotencyKey);
    if (existing) return this.answerRetry(existing, input.idempotencyKey, print);
    await this.checkFiscalYear(input);
    if (err !== null) throw err;
    // The fund passed its check now, yet the insert found it wrong: it changed in between.
    throw new AppError('VERSION_CONFLICT', 'The fund changed while the claim was recorded; submit it again.');
  }

  /** Queues the hold of one claim in a job of its own (the sweep); queueing it twice makes one job. */
  enqueueHold(claimId: string): Promise<void> {
    return this.queueHoldJob([claimId]);
  }

  /** One hold job for `claimIds`, its id the first claim's: queued again with the same first claim, it makes no second job. */
  private async queueHoldJob(claimIds: readonly string[]): Promise<void> {
    const [claimId] = claimIds;
    const data: HoldJobData = claimIds.length === 1 ? { claimId } : { claimId, claimIds: [...claimIds] };
    try {
      // A request never waits on the queue: Redis being down must not hold up the answer.
      const add = this.queues.queue<HoldJobData>(LEDGER_POSTINGS_QUEUE).add(HOLD_JOB, data, { ...LEDGER_JOB_OPTIONS, jobId: claimId });
      await withDeadline(add, this.config.env.QUEUE_ADD_TIMEOUT_MS, 'queueing the hold');
    } catch (err) {
      // The claims are recorded; the worker's sweep queues REQUESTED claims again.
      this.log.error({ msg: 'could not queue the hold; the sweep will retry', claimIds, error: (err as Error).message });
    }
  }

  /** The hold of one claim in its own transaction: the posting a hold job makes, without a batch. */
  placeHold(claimId: string): Promise<HoldResult> {
    return this.placeHolds(claimId, 1);
  }

  /**
   * A hold job: places the holds of its claims still REQUESTED (one read tells which). Each one
   * not yet decided gets `placeHolds`' transaction, whose batch usually settles the job's other
   * claims with it; the tally says what became of each claim of the job.
   */
  async placeHoldsOfJob(claimIds: readonly string[], batch: number): Promise<HoldTally> {
    const outcomes = new Map<string, HoldResult>();
    const found = await statusesOf(this.db, claimIds);
    for (const { id, status } of found) {
      if (status !== 'REQUESTED') outcomes.set(id, 'ALREADY_DONE');
      else if (!outcomes.has(id)) for (const [settled, outcome] of await this.settleHolds(id, batch)) outcomes.set(settled, outcome);
    }
    const tally: HoldTally = { HELD: 0, REJECTED: 0, ALREADY_DONE: 0, UNKNOWN_CLAIM: 0 };
    for (const id of claimIds) tally[outcomes.get(id) ?? 'UNKNOWN_CLAIM']++;
    return tally;
  }

  /**
   * The job: places the hold of a REQUESTED claim, or rejects it with INSUFFICIENT_FUNDS, and in
   * the same transaction, under one lock of the fund, does the same for up to `batch - 1` other
   * REQUESTED claims of that fund: all in (created_at, id) order, each its own journal entry in
   * the chain. Their own jobs then find them settled. Running it again (retry, stalled job,
   * second replica) finds the claim no longer REQUESTED and does nothing.
   */
  async placeHolds(claimId: string, batch: number): Promise<HoldResult> {
    if (batch > 1) {
      // A claim never goes back to REQUESTED: the job of a claim a batch settled ends on one read.
      const current = await findClaim(this.db, claimId);
      if (!current) return 'UNKNOWN_CLAIM';
      if (current.status !== 'REQUESTED') return 'ALREADY_DONE';
    }
    return (await this.settleHolds(claimId, batch)).get(claimId) ?? 'ALREADY_DONE';
  }

  /** `placeHolds` after its read: the outcome of every claim the transaction decided, or of `claimId` alone. */
  private async settleHolds(claimId: string, batch: number): Promise<Map<string, HoldResult>> {
    try {
      return await this.db.transaction(async (m) => {
        // Claim first, then fund: the lock order of every posting. The job's claim is waited for;
        // the rest of the batch skips claims locked elsewhere.
        const row = await lockClaim(m, claimId);
        if (!row) return new Map([[claimId, 'UNKNOWN_CLAIM']]);
        if (row.status !== 'REQUESTED') return new Map([[claimId, 'ALREADY_DONE']]);
        const others = batch > 1 ? await lockRequestedClaims(m, row.fund_id, claimId, batch - 1) : [];
        const claims = [row, ...others].sort(byCreation);
        const fund = (await lockFund(m, row.fund_id))!;
        return this.postHolds(m, fund, claims);
      });
    } catch (err) {
      // The journal key is the last guard: a hold posted by someone else means we are done.
      if (err instanceof AppError && err.code === 'INVALID_TRANSITION') return new Map([[claimId, 'ALREADY_DONE']]);
      throw err;
    }
  }

  /**
   * Verifies a HELD claim for `amount` (default: the whole hold). Less than held gives the rest
   * back to the fund in one VERIFY posting; the whole hold moves no money.
   */
  async verify(actor: Principal, id: string, amount?: bigint): Promise<ClaimModel> {
    return this.withClaimAndFund(id, async (m, fund, row) => {
      await this.checkDuties(m, 'VERIFY', actor, row);
      step(row.status, 'VERIFY');
      const held = BigInt(row.held_amount);
      const accepted = amount ?? held;
      const lines = rule(() => verifyLines(held, accepted));
      const at = new Date();
      if (lines.length > 0) await this.post(m, fund, { kind: 'VERIFY', claimId: id, actorId: actor.id, lines }, at);
      const verified = await markVerified(m, id, accepted, at);
      const rest = held - accepted;
      await this.recordEvent(
        m,
        verified,
        'VERIFY',
        row.status,
        accepted,
        rest > 0n ? `verified for less than held; ${rest} released back to the fund` : null,
        actor,
        at,
      );
      return toClaimModel(verified);
    });
  }

  async reject(actor: Principal, id: string, reason: string): Promise<ClaimModel> {
    requireReason(reason);
    return this.withClaimAndFund(id, async (m, fund, row) => {
      const to = step(row.status, 'REJECT');
      const held = BigInt(row.held_amount);
      const at = new Date();
      if (held > 0n) await this.post(m, fund, { kind: 'RELEASE', claimId: id, actorId: actor.id, lines: releaseLines(held) }, at);
      const rejected = await markRejected(m, id, to, reason, at);
      await this.recordEvent(m, rejected, 'REJECT', row.status, held > 0n ? held : null, reason, actor, at);
      return toClaimModel(rejected);
    });
  }

  /** Pays at most the held amount; the rest of the hold goes back to available in the same posting. */
  async pay(actor: Principal, id: string, amount: bigint, sp2d: Sp2d): Promise<ClaimModel> {
    requireSp2d(sp2d);
    return this.withClaimAndFund(id, async (m, fund, row) => {
      await this.checkDuties(m, 'PAY', actor, row);
      const to = step(row.status, 'PAY');
      const held = BigInt(row.held_amount);
      const at = new Date();
      const lines = rule(() => payLines(held, amount));
      // Under the fund's lock, so a second payment under one SP2D number cannot slip in between.
      const other = await claimBySp2d(m, fund.id, sp2d.number);
      if (other) throw this.sp2dInUse(sp2d.number, fund.fiscalYear, other);
      await this.post(m, fund, { kind: 'PAY', claimId: id, actorId: actor.id, lines }, at);
      let paid: ClaimRow;
      try {
        paid = await markPaid(m, id, to, amount, sp2d, at);
      } catch (err) {
        if (isUniqueViolation(err, 'uq_claims_fund_sp2d')) throw this.sp2dInUse(sp2d.number, fund.fiscalYear, null);
        throw err;
      }
      const released = held - amount;
      await this.recordEvent(m, paid, 'PAY', row.status, amount, released > 0n ? `${released} released back to the fund` : null, actor, at);
      return toClaimModel(paid);
    });
  }

  async refund(actor: Principal, id: string, amount: bigint, reason: string): Promise<ClaimModel> {
    requireReason(reason);
    return this.withClaimAndFund(id, async (m, fund, row) => {
      const to = step(row.status, 'REFUND');
      const paid = BigInt(row.paid_amount);
      const at = new Date();
      await this.post(m, fund, { kind: 'REFUND', claimId: id, actorId: actor.id, lines: rule(() => refundLines(paid, amount)) }, at);
      const refunded = await markRefunded(m, id, to, amount, at);
      await this.recordEvent(m, refunded, 'REFUND', row.status, amount, reason, actor, at);
      return toClaimModel(refunded);
    });
  }

  /**
   * The worker's job: releases the hold of a claim still HELD CLAIM_HOLD_DAYS after it was
   * placed, by a RELEASE posting with the service as actor and the reason in the history.
   * Idempotent by the claim's status under its row lock (and the journal's (claim, kind) key).
   */
  async expireHold(claimId: string, now = new Date()): Promise<'EXPIRED' | 'NOT_DUE' | 'ALREADY_DONE' | 'UNKNOWN_CLAIM'> {
    const days = this.config.env.CLAIM_HOLD_DAYS;
    try {
      return await this.db.transaction(async (m) => {
        const row = await lockClaim(m, claimId);
        if (!row) return 'UNKNOWN_CLAIM';
        if (row.status !== 'HELD') return 'ALREADY_DONE';
        if (!row.held_at || !holdExpired(row.held_at, now, days)) return 'NOT_DUE';
        const fund = (await lockFund(m, row.fund_id))!;
        const held = BigInt(row.held_amount);
        const reason = `hold expired: not verified within ${days} day(s) (CLAIM_HOLD_DAYS); ${held} released back to the fund`;
        if (held > 0n) await this.post(m, fund, { kind: 'RELEASE', claimId, actorId: null, lines: releaseLines(held) }, now, true);
        const expired = await markExpired(m, claimId, reason, now);
        await this.recordEvent(m, expired, 'EXPIRE', 'HELD', held, reason, null, now);
        return 'EXPIRED';
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_TRANSITION') return 'ALREADY_DONE';
      throw err;
    }
  }

  /** The worker's job: flags (once) a claim VERIFIED and unpaid CLAIM_PAYMENT_DAYS after verification. */
  async flagOverduePayment(claimId: string, now = new Date()): Promise<'FLAGGED' | 'NOT_DUE' | 'ALREADY_DONE' | 'UNKNOWN_CLAIM'> {
    const days = this.config.env.CLAIM_PAYMENT_DAYS;
    return this.db.transaction(async (m) => {
      const row = await lockClaim(m, claimId);
      if (!row) return 'UNKNOWN_CLAIM';
      if (row.status !== 'VERIFIED' || row.payment_overdue_at !== null) return 'ALREADY_DONE';
      if (!row.verified_at || !holdExpired(row.verified_at, now, days)) return 'NOT_DUE';
      const flagged = await markPaymentOverdue(m, claimId, now);
      await this.recordEvent(m, flagged, 'FLAG', 'VERIFIED', null, `payment overdue: verified and unpaid for ${days} day(s) (CLAIM_PAYMENT_DAYS)`, null, now);
      return 'FLAGGED';
    });
  }

  /** Claims still REQUESTED (a lost enqueue, a job that ran out of attempts): queue them again. */
  async requeuePending(): Promise<number> {
    const ids = await pendingClaimIds(this.db);
    const queue = this.queues.queue<HoldJobData>(LEDGER_POSTINGS_QUEUE);
    for (const id of ids) {
      const job = await withDeadline(queue.getJob(id), this.config.env.QUEUE_ADD_TIMEOUT_MS, 'reading a queued hold');
      if (job && (await job.isFailed())) await job.retry();
      else if (!job) await this.enqueueHold(id);
    }
    return ids.length;
  }

  // ---- internals ---------------------------------------------------------------------------

  private sp2dInUse(sp2dNumber: string, fiscalYear: number, claimId: string | null): AppError {
    return new AppError(
      'DUPLICATE',
      `SP2D number ${JSON.stringify(sp2dNumber)} is used already by another payment of the ${fiscalYear} fund; each SP2D is used once per fund: check the number.`,
      { field: 'sp2dNumber', ...(claimId ? { claimId } : {}) },
    );
  }

  /**
   * A claim goes to the fund of its fiscal year: the admission's (WITA), else the submission's.
   * Another fund, or a closed one, is BAD_USER_INPUT naming the right year.
   */
  private async checkFiscalYear(input: SubmitClaimInput): Promise<void> {
    const fund = await findFund(this.db, input.fundId);
    if (!fund) throw notFound('Fund', input.fundId);
    const admission = input.admissionId ? await this.queries.admission(input.admissionId) : null;
    const year = fiscalYearOf(admission ? admission.admittedAt : new Date());
    const basis = admission ? 'the admission date' : 'the submission date';
    if (year !== fund.fiscal_year) {
      const right = await fundOfYear(this.db, year);
      throw badInput(
        `This claim belongs to fiscal year ${year} (${basis}, WITA), not ${fund.fiscal_year}; submit it to the ${year} fund` +
          (right ? ` (fundId ${right.id}).` : ', which FINANCE has not opened yet.'),
        { fiscalYear: year, ...(right ? { fundId: right.id } : {}) },
      );
    }
    if (fund.closed_at) throw badInput(`The ${fund.fiscal_year} fund is closed; it takes no new claims.`, { fiscalYear: year });
  }

  /** The claim already recorded under the key: the same content is a retry; other content, DUPLICATE. */
  private async answerRetry(row: ClaimRow, key: string, print: string): Promise<ClaimModel> {
    if (row.request_fingerprint !== print) {
      throw new AppError('DUPLICATE', `The idempotency key ${JSON.stringify(key)} was used for a different claim; use a new key for a new claim.`, {
        claimId: row.id,
      });
    }
    if (row.status === 'REQUESTED') await this.enqueueHold(row.id);
    return toClaimModel(row);
  }

  /** Claim first, then fund: the same order as the hold job, so two postings never deadlock. */
  private async withClaimAndFund(id: string, fn: (m: EntityManager, fund: LockedFund, row: ClaimRow) => Promise<ClaimModel>): Promise<ClaimModel> {
    return this.db.transaction(async (m) => {
      const row = await this.requireLockedClaim(m, id);
      const fund = (await lockFund(m, row.fund_id))!;
      return fn(m, fund, row);
    });
  }

  private async requireLockedClaim(m: EntityManager, id: string): Promise<ClaimRow> {
    const row = await lockClaim(m, id);
    if (!row) throw notFound('Claim', id);
    return row;
  }

  /**
   * Submitter, verifier and payer are three people, whatever roles they hold. Read under the
   * claim's row lock, so the recorded actors cannot change before this step commits.
   */
  private async checkDuties(m: EntityManager, action: 'VERIFY' | 'PAY', actor: Principal, row: ClaimRow): Promise<void> {
    const actors: ClaimActors = { submittedBy: row.submitted_by, verifiedBy: await lastVerifier(m, row.id) };
    const check = checkSeparationOfDuties(action, actor.id, actors);
    if (!check.ok) throw forbidden(check.message);
  }

  /**
   * Appends the posting and, in the same transaction, the fund's new balances to the outbox.
   * A claim's posting also records the hashes of its documents no entry lists yet. A closed
   * fund takes refunds only; an expired hold of a closed fund is still released (`bySystem`).
   */
  private async post(m: EntityManager, fund: LockedFund, posting: Posting, at: Date, bySystem = false): Promise<void> {
    if (!bySystem) rule(() => checkFundOpenFor(posting.kind, fund.closedAt, fund.fiscalYear));
    try {
      const before = fund.available;
      const documents = posting.claimId ? await unrecordedDocuments(m, posting.claimId) : [];
      const { seq, balances } = await appendPosting(m, fund, { ...posting, documents }, at);
      await this.outbox.enqueue(m, FUND_BALANCE_CHANGED, this.balanceChange(fund, seq, before, balances, at));
    } catch (err) {
      if (isUniqueViolation(err, 'uq_journal_entries_claim_kind')) {
        throw new AppError('INVALID_TRANSITION', `The ${posting.kind} of this claim is posted already.`);
      }
      throw fromRule(err);
    }
  }

  /**
   * Holds or rejects the locked REQUESTED claims in their order against the running balance of
   * the locked fund, as one hold job each would have, in a fixed number of statements: the
   * documents, the journal entries, the claims, their events and the outbox rows, each at once.
   */
  private async postHolds(m: EntityManager, fund: LockedFund, claims: readonly ClaimRow[]): Promise<Map<string, 'HELD' | 'REJECTED'>> {
    const at = new Date();
    const documents = await unrecordedDocumentsOf(
      m,
      claims.map((c) => c.id),
    );
    let running: FundBalances = { available: fund.available, held: fund.held, paid: fund.paid };
    const decisions: HoldOutcome[] = [];
    const postings: Posting[] = [];
    for (const claim of claims) {
      const amount = BigInt(claim.amount);
      let lines;
      try {
        lines = holdLines(running, amount);
      } catch (err) {
        if (!(err instanceof LedgerRuleError) || err.code !== 'INSUFFICIENT_FUNDS') throw err;
        decisions.push({ id: claim.id, status: 'REJECTED', reason: `INSUFFICIENT_FUNDS: ${err.message}` });
        continue;
      }
      rule(() => checkFundOpenFor('HOLD', fund.closedAt, fund.fiscalYear));
      running = applyLines(running, lines);
      postings.push({ kind: 'HOLD', claimId: claim.id, actorId: null, lines, documents: documents.get(claim.id) ?? [] });
      decisions.push({ id: claim.id, status: 'HELD', amount });
    }
    const before = fund.available;
    let appended: Awaited<ReturnType<typeof appendPostings>>;
    try {
      appended = await appendPostings(m, fund, postings, at);
    } catch (err) {
      if (isUniqueViolation(err, 'uq_journal_entries_claim_kind')) throw new AppError('INVALID_TRANSITION', 'The HOLD of this claim is posted already.');
      throw fromRule(err);
    }
    const rows = new Map((await markHoldOutcomes(m, decisions, at)).map((r) => [r.id, r]));
    const eventIds = await insertClaimEvents(
      m,
      decisions.map((d) => ({
        claimId: d.id,
        action: d.status === 'HELD' ? 'HOLD' : 'REJECT',
        from: 'REQUESTED',
        to: d.status,
        amount: BigInt(rows.get(d.id)!.amount),
        reason: d.status === 'REJECTED' ? d.reason : null,
        actorId: null,
        actorUsername: WORKER_ACTOR,
        at,
      })),
    );
    // The outbox rows in the order one job per claim wrote them: a hold's balances, then the claim.
    const entries: OutboxEntry[] = [];
    let previous = before;
    let posted = 0;
    for (const d of decisions) {
      if (d.status === 'HELD') {
        const { seq, balances } = appended[posted++];
        entries.push(outboxEntry(FUND_BALANCE_CHANGED, this.balanceChange(fund, seq, previous, balances, at)));
        previous = balances.available;
      }
      entries.push(outboxEntry(CLAIM_CHANGED, claimChange(rows.get(d.id)!, d.status === 'HELD' ? 'HOLD' : 'REJECT', eventIds.get(d.id)!, WORKER_ACTOR, at)));
    }
    await this.outbox.enqueueMany(m, entries);
    return new Map(decisions.map((d) => [d.id, d.status]));
  }

  /** The fund's balances after a posting, for the outbox; warns once when available falls under LOW_BALANCE_PERCENT. */
  private balanceChange(fund: LockedFund, seq: number, before: bigint, after: FundBalances, at: Date): FundBalanceChange {
    const percent = this.config.env.LOW_BALANCE_PERCENT;
    const low = isLowBalance(after.available, fund.ceiling, percent);
    if (low && !isLowBalance(before, fund.ceiling, percent)) {
      this.log.warn({ msg: `fund available fell under ${percent}% of its ceiling`, fundId: fund.id, available: after.available.toString() });
    }
    return { fundId: fund.id, seq, ceiling: fund.ceiling, available: after.available, held: after.held, paid: after.paid, lowBalance: low, at };
  }

  /** Appends the action to the claim's history and its new state to the outbox, in the caller's transaction. */
  private async recordEvent(
    m: EntityManager,
    claim: ClaimRow,
    action: ClaimAction,
    from: ClaimStatus | null,
    amount: bigint | null,
    reason: string | null,
    actor: Principal | null,
    at: Date,
  ): Promise<void> {
    const actorUsername = actor?.username ?? WORKER_ACTOR;
    const id = await insertClaimEvent(m, { claimId: claim.id, action, from, to: claim.status, amount, reason, actorId: actor?.id ?? null, actorUsername, at });
    await this.outbox.enqueue(m, CLAIM_CHANGED, claimChange(claim, action, id, actorUsername, at));
  }
}
