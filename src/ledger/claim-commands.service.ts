import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError, badInput, forbidden, notFound } from '../common/error-codes';
import { withDeadline } from '../common/deadline';
import { AppConfig } from '../config/app-config';
import { OutboxService } from '../outbox/outbox.service';
import { QueueService } from '../queue/queue.service';
import { ClaimEvidenceService } from './claim-evidence.service';
import {
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
  type StatusAction,
} from './claim-rules';
import { unrecordedDocuments } from './claim-documents.repository';
import {
  claimBySp2d,
  findByIdempotencyKey,
  insertClaimEvent,
  lastVerifier,
  lockClaim,
  markExpired,
  markHeld,
  markPaid,
  markPaymentOverdue,
  markRefunded,
  markRejected,
  markRejectedForFunds,
  markVerified,
  pendingClaimIds,
  recordNewClaim,
  toClaimModel,
  type ClaimRow,
} from './claims.repository';
import { checkSeparationOfDuties, type ClaimActors } from './duty-separation';
import { fiscalYearOf, parseCalendarDate } from './fiscal-calendar';
import { findFund, fundOfYear, lockFund, type LockedFund } from './funds.repository';
import { appendPosting, type Posting } from './journal.repository';
import { fromRule, isUniqueViolation, rule } from './ledger-errors';
import type { SubmitClaimInput } from './ledger.inputs';
import { HOLD_JOB, LEDGER_JOB_OPTIONS, LEDGER_POSTINGS_QUEUE, type HoldJobData } from './ledger.jobs';
import { LedgerQueriesService } from './ledger-queries.service';
import type { ClaimModel } from './ledger.models';
import type { ClaimChange } from './ledger.payloads';
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

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: QueueService,
    private readonly evidence: ClaimEvidenceService,
    private readonly queries: LedgerQueriesService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Records the claim as REQUESTED and queues its hold; returns at once. The same idempotency
   * key with the same content returns the claim already recorded; with other content, DUPLICATE.
   * A new claim costs one statement (claim, its event, the idempotency key and the fund's year
   * and openness at once) plus its outbox row; the reads that tell refusals apart run only on refusal.
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
    const outcome = await this.db.transaction(async (m) => {
      const recorded = await recordNewClaim(
        m,
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
        await this.outbox.enqueue(m, CLAIM_CHANGED, claimChange(recorded.claim, 'SUBMIT', recorded.eventId, actor.username, recorded.claim.created_at));
      }
      return recorded;
    });
    if (outcome.kind === 'refused') return this.refusal(input, print, null);
    if (outcome.kind === 'existing') return this.answerRetry(outcome.claim, input.idempotencyKey, print);
    await this.enqueueHold(outcome.claim.id);
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

  /** Queues the hold of a claim; jobId = claim id, so queueing twice makes one job. */
  async enqueueHold(claimId: string): Promise<void> {
    try {
      // A request never waits on the queue: Redis being down must not hold up the answer.
      const add = this.queues.queue<HoldJobData>(LEDGER_POSTINGS_QUEUE).add(HOLD_JOB, { claimId }, { ...LEDGER_JOB_OPTIONS, jobId: claimId });
      await withDeadline(add, this.config.env.QUEUE_ADD_TIMEOUT_MS, 'queueing the hold');
    } catch (err) {
      // The claim is recorded; the worker's sweep queues REQUESTED claims again.
      this.log.error({ msg: 'could not queue the hold; the sweep will retry', claimId, error: (err as Error).message });
    }
  }

  /**
   * The job: places the hold of a REQUESTED claim, or rejects it with INSUFFICIENT_FUNDS.
   * Running it again (retry, stalled job, second replica) finds the claim no longer REQUESTED
   * and does nothing.
   */
  async placeHold(claimId: string): Promise<'HELD' | 'REJECTED' | 'ALREADY_DONE' | 'UNKNOWN_CLAIM'> {
    try {
      return await this.db.transaction(async (m) => {
        // Claim first, then fund: the lock order of every posting.
        const row = await lockClaim(m, claimId);
        if (!row) return 'UNKNOWN_CLAIM';
        if (row.status !== 'REQUESTED') return 'ALREADY_DONE';
        const fund = (await lockFund(m, row.fund_id))!;
        const amount = BigInt(row.amount);
        const at = new Date();
        let lines;
        try {
          lines = holdLines(fund, amount);
        } catch (err) {
          if (!(err instanceof LedgerRuleError) || err.code !== 'INSUFFICIENT_FUNDS') throw err;
          const reason = `INSUFFICIENT_FUNDS: ${err.message}`;
          const rejected = await markRejectedForFunds(m, claimId, reason, at);
          await this.recordEvent(m, rejected, 'REJECT', 'REQUESTED', amount, reason, null, at);
          return 'REJECTED';
        }
        await this.post(m, fund, { kind: 'HOLD', claimId, actorId: null, lines }, at);
        const held = await markHeld(m, claimId, amount, at);
        await this.recordEvent(m, held, 'HOLD', 'REQUESTED', amount, null, null, at);
        return 'HELD';
      });
    } catch (err) {
      // The journal key is the last guard: a hold posted by someone else means we are done.
      if (err instanceof AppError && err.code === 'INVALID_TRANSITION') return 'ALREADY_DONE';
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
      const { seq } = await appendPosting(m, fund, { ...posting, documents }, at);
      const percent = this.config.env.LOW_BALANCE_PERCENT;
      const low = isLowBalance(fund.available, fund.ceiling, percent);
      if (low && !isLowBalance(before, fund.ceiling, percent)) {
        this.log.warn({ msg: `fund available fell under ${percent}% of its ceiling`, fundId: fund.id, available: fund.available.toString() });
      }
      await this.outbox.enqueue(m, FUND_BALANCE_CHANGED, {
        fundId: fund.id,
        seq,
        ceiling: fund.ceiling,
        available: fund.available,
        held: fund.held,
        paid: fund.paid,
        lowBalance: low,
        at,
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_journal_entries_claim_kind')) {
        throw new AppError('INVALID_TRANSITION', `The ${posting.kind} of this claim is posted already.`);
      }
      throw fromRule(err);
    }
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
