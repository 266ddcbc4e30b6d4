import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError, badInput, forbidden, notFound } from '../common/error-codes';
import { decodeCursor, encodeCursor, pageSize } from '../common/pagination';

import type { AdmissionModel } from '../beds/beds.types';
import type { PayerStatus } from '../beds/payer-status';
import { AppConfig } from '../config/app-config';
import { BedsService, type AdmissionFacts } from '../beds/beds.service';
import { OutboxService } from '../outbox/outbox.service';
import { QueueName } from '../queue/queue-names';
import { QueueService } from '../queue/queue.service';
import { withDeadline } from '../common/deadline';
import { BpjsVclaimClient } from './bpjs-vclaim.client';
import type { EligibilityEvidence } from './claim.entity';
import { checkCeiling, holdLines, isLowBalance, LedgerRuleError, nextStatus, payLines, refundLines, releaseLines, requirePositive, type ClaimAction, type ClaimStatus } from './claim-rules';
import { checkSeparationOfDuties, type ClaimActors } from './duty-separation';
import { checkEligibility } from './eligibility';
import { openFund } from './fund-opening';
import { ChainVerifier, type ChainEntry } from './hash-chain';
import { appendPosting, lockFund, type LockedFund, type Posting } from './journal-writer';
import { CLAIM_CHANGED, FUND_BALANCE_CHANGED } from './ledger.topics';
import type {
  ClaimEventModel,
  ClaimModel,
  DrawdownConnection,
  DrawdownFilter,
  FundBalanceModel,
  FundModel,
  LedgerVerification,
  OpenFundInput,
  SubmitClaimInput,
} from './ledger.types';

export interface ClaimRow {
  id: string;
  fund_id: string;
  idempotency_key: string;
  request_fingerprint: string;
  status: ClaimStatus;
  amount: string;
  held_amount: string;
  paid_amount: string;
  refunded_amount: string;
  payer_status: PayerStatus;
  medical_record_number: string;
  patient_name: string;
  nik: string | null;
  emergency: boolean;
  admission_id: string | null;
  ward_id: string | null;
  evidence: EligibilityEvidence;
  reject_reason: string | null;
  submitted_by: string;
  created_at: Date;
  updated_at: Date;
}

export const toClaimModel = (r: ClaimRow): ClaimModel => ({
  id: r.id,
  fundId: r.fund_id,
  idempotencyKey: r.idempotency_key,
  status: r.status,
  amount: BigInt(r.amount),
  heldAmount: BigInt(r.held_amount),
  paidAmount: BigInt(r.paid_amount),
  refundedAmount: BigInt(r.refunded_amount),
  payerStatus: r.payer_status,
  medicalRecordNumber: r.medical_record_number,
  patientName: r.patient_name,
  nik: r.nik,
  emergency: r.emergency,
  admissionId: r.admission_id,
  wardId: r.ward_id,
  evidence: {
    payerStatusSeen: r.evidence.payerStatusSeen,
    source: r.evidence.source,
    ground: r.evidence.ground,
    checkedAt: new Date(r.evidence.checkedAt),
    checkedBy: r.evidence.checkedBy,
    nikPresent: r.evidence.nikPresent,
    bpjsStatusCode: r.evidence.bpjs && 'statusCode' in r.evidence.bpjs ? r.evidence.bpjs.statusCode : null,
    bpjsStatus: !r.evidence.bpjs ? null : 'status' in r.evidence.bpjs ? r.evidence.bpjs.status : 'error' in r.evidence.bpjs ? `not asked: ${r.evidence.bpjs.error}` : 'not a JKN participant',
  },
  rejectReason: r.reject_reason,
  submittedBy: r.submitted_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});


/** The worker acts in the service's own name in the claim history. */
const WORKER_ACTOR = 'ledger-worker';

export const LEDGER_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  // Completed jobs are kept a while so a re-enqueue of the same claim id is a no-op.
  removeOnComplete: { age: 24 * 3600, count: 10000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

const isUniqueViolation = (err: unknown, constraint?: string): boolean =>
  typeof err === 'object' &&
  err !== null &&
  (err as { code?: unknown }).code === '23505' &&
  (constraint === undefined || (err as { constraint?: unknown }).constraint === constraint);

function fromRule(err: unknown): unknown {
  return err instanceof LedgerRuleError ? new AppError(err.code, err.message) : err;
}

/** TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, rowCount]. */
async function updateClaim(m: EntityManager, sql: string, params: unknown[]): Promise<ClaimRow[]> {
  const result: [ClaimRow[], number] = await m.query(sql, params);
  return result[0];
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

/**
 * The emergency fund: claims, their postings and the auditors' views. Every posting runs in one
 * transaction that locks the claim (re-checking its status) and then the fund row, and appends
 * to the journal, whose (claim, kind) key refuses a second application.
 */
@Injectable()
export class LedgerService {
  private readonly log = new Logger(LedgerService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: QueueService,
    private readonly bpjs: BpjsVclaimClient,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly beds: BedsService,
  ) {}

  // ---- funds -------------------------------------------------------------------------------

  async funds(): Promise<FundModel[]> {
    const rows: { id: string; name: string; fiscal_year: number; ceiling: string }[] = await this.db.query(
      `SELECT id, name, fiscal_year, ceiling FROM funds ORDER BY fiscal_year DESC`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, fiscalYear: r.fiscal_year, ceiling: BigInt(r.ceiling) }));
  }

  async openFund(actor: Principal, input: OpenFundInput): Promise<FundModel> {
    this.rule(() => checkCeiling(input.ceiling, this.config.env.FUND_MAX_CEILING));
    try {
      const id = await this.db.transaction((m) => openFund(m, input, actor.id));
      return { id, name: input.name, fiscalYear: input.fiscalYear, ceiling: input.ceiling };
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('DUPLICATE', `A fund for fiscal year ${input.fiscalYear} exists already.`);
      throw err;
    }
  }

  /** Balances at `asOf` (default now), summed from the journal lines posted up to then. */
  async fundBalance(fundId: string, asOf: Date | undefined): Promise<FundBalanceModel> {
    await this.requireFund(fundId);
    const at = asOf ?? new Date();
    const rows: { account: string; balance: string }[] = await this.db.query(
      `SELECT l.account, sum(l.debit - l.credit)::text AS balance
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
        WHERE e.fund_id = $1 AND e.at <= $2
        GROUP BY l.account`,
      [fundId, at],
    );
    const of = (account: string) => BigInt(rows.find((r) => r.account === account)?.balance ?? '0');
    return { fundId, available: of('AVAILABLE'), held: of('HELD'), paid: of('PAID'), asOf: at };
  }

  async verifyLedger(fundId: string): Promise<LedgerVerification> {
    await this.requireFund(fundId);
    const verifier = new ChainVerifier();
    const PAGE = 1000;
    let afterSeq = 0;
    // Keyset pages in chain order: a long journal is checked without loading it whole.
    for (;;) {
      const rows: { id: string; seq: number; kind: ChainEntry['kind']; claim_id: string | null; actor_id: string | null; at: Date; prev_hash: string; hash: string; lines: { account: ChainEntry['lines'][number]['account']; debit: string; credit: string }[] }[] =
        await this.db.query(
          `SELECT e.id, e.seq, e.kind, e.claim_id, e.actor_id, e.at, e.prev_hash, e.hash,
                  coalesce((SELECT json_agg(json_build_object('account', l.account, 'debit', l.debit::text, 'credit', l.credit::text))
                              FROM journal_lines l WHERE l.entry_id = e.id), '[]') AS lines
             FROM journal_entries e WHERE e.fund_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`,
          [fundId, afterSeq, PAGE],
        );
      for (const r of rows) {
        verifier.feed({
          id: r.id,
          fundId,
          seq: r.seq,
          kind: r.kind,
          claimId: r.claim_id,
          actorId: r.actor_id,
          at: r.at,
          prevHash: r.prev_hash,
          hash: r.hash,
          lines: r.lines.map((l) => ({ account: l.account, debit: BigInt(l.debit), credit: BigInt(l.credit) })),
        });
      }
      if (rows.length < PAGE) break;
      afterSeq = rows[rows.length - 1].seq;
    }
    return verifier.report();
  }

  // ---- claims ------------------------------------------------------------------------------

  async claim(id: string): Promise<ClaimModel> {
    const rows: ClaimRow[] = await this.db.query(`SELECT * FROM claims WHERE id = $1`, [id]);
    if (rows.length === 0) throw notFound('Claim', id);
    return toClaimModel(rows[0]);
  }

  /** The admission a claim refers to (the resolver has checked that the caller may read it). */
  admission(id: string): Promise<AdmissionModel | null> {
    return this.beds.admission(id);
  }

  async history(claimId: string): Promise<ClaimEventModel[]> {
    const rows: { id: string; action: ClaimAction; from_status: ClaimStatus | null; to_status: ClaimStatus; amount: string | null; reason: string | null; actor_id: string | null; actor_username: string; at: Date }[] =
      await this.db.query(`SELECT * FROM claim_events WHERE claim_id = $1 ORDER BY id`, [claimId]);
    return rows.map((r) => ({
      id: r.id,
      action: r.action,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      amount: r.amount === null ? null : BigInt(r.amount),
      reason: r.reason,
      actorId: r.actor_id,
      actorUsername: r.actor_username,
      at: r.at,
    }));
  }

  /**
   * Records the claim as REQUESTED and queues its hold; returns at once. The same idempotency
   * key with the same content returns the claim already recorded; with other content, DUPLICATE.
   */
  async submit(actor: Principal, input: SubmitClaimInput): Promise<ClaimModel> {
    this.rule(() => requirePositive(input.amount, 'The claim amount'));
    const print = fingerprint(input);
    const existing = await this.byIdempotencyKey(input.idempotencyKey, print);
    if (existing) return existing;
    await this.requireFund(input.fundId);
    const admission = input.admissionId ? await this.admissionFacts(input.admissionId, input.medicalRecordNumber) : null;
    const evidence = await this.evidence(actor, input, admission);
    const emergency = admission ? admission.emergency : input.emergency;
    const eligibility = checkEligibility({ emergency, nik: input.nik ?? null, payerStatus: evidence.payerStatusSeen });
    if (!eligibility.eligible) {
      throw new AppError('NOT_ELIGIBLE', `${eligibility.reason} (payer status seen: ${evidence.payerStatusSeen}, from ${evidence.source}).`);
    }
    evidence.ground = eligibility.ground;

    const created = await this.db.transaction(async (m) => {
      const rows: ClaimRow[] = await m.query(
        `INSERT INTO claims (fund_id, idempotency_key, request_fingerprint, status, amount, payer_status, medical_record_number,
                             patient_name, nik, emergency, admission_id, ward_id, evidence, submitted_by)
         VALUES ($1, $2, $3, 'REQUESTED', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
        [
          input.fundId,
          input.idempotencyKey,
          print,
          input.amount.toString(),
          input.payerStatus,
          input.medicalRecordNumber,
          input.patientName,
          input.nik ?? null,
          input.emergency,
          input.admissionId ?? null,
          admission?.wardId ?? null,
          JSON.stringify(evidence),
          actor.id,
        ],
      );
      if (rows.length === 0) return null; // a concurrent submission with this key won
      await this.recordEvent(m, rows[0], 'SUBMIT', null, input.amount, null, actor, rows[0].created_at);
      return rows[0];
    });
    if (!created) return (await this.byIdempotencyKey(input.idempotencyKey, print))!;
    await this.enqueueHold(created.id);
    return toClaimModel(created);
  }

  /** Queues the hold of a claim; jobId = claim id, so queueing twice makes one job. */
  async enqueueHold(claimId: string): Promise<void> {
    try {
      // A request never waits on the queue: Redis being down must not hold up the answer.
      const add = this.queues.queue(QueueName.LedgerPostings).add('hold', { claimId }, { ...LEDGER_JOB_OPTIONS, jobId: claimId });
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
        const rows: ClaimRow[] = await m.query(`SELECT * FROM claims WHERE id = $1 FOR UPDATE`, [claimId]);
        if (rows.length === 0) return 'UNKNOWN_CLAIM';
        const row = rows[0];
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
          const [rejected] = await updateClaim(m, `UPDATE claims SET status = 'REJECTED', reject_reason = $2, updated_at = $3 WHERE id = $1 RETURNING *`, [claimId, reason, at]);
          await this.recordEvent(m, rejected, 'REJECT', 'REQUESTED', amount, reason, null, at);
          return 'REJECTED';
        }
        await this.post(m, fund, { kind: 'HOLD', claimId, actorId: null, lines }, at);
        const [held] = await updateClaim(m, `UPDATE claims SET status = 'HELD', held_amount = $2, updated_at = $3 WHERE id = $1 RETURNING *`, [claimId, amount.toString(), at]);
        await this.recordEvent(m, held, 'HOLD', 'REQUESTED', amount, null, null, at);
        return 'HELD';
      });
    } catch (err) {
      // The journal key is the last guard: a hold posted by someone else means we are done.
      if (err instanceof AppError && err.code === 'INVALID_TRANSITION') return 'ALREADY_DONE';
      throw err;
    }
  }

  async verify(actor: Principal, id: string): Promise<ClaimModel> {
    return this.db.transaction(async (m) => {
      const row = await this.lockClaim(m, id);
      await this.checkDuties(m, 'VERIFY', actor, row);
      const to = this.step(row.status, 'VERIFY');
      const at = new Date();
      const rows = await updateClaim(m, `UPDATE claims SET status = $2, updated_at = $3 WHERE id = $1 RETURNING *`, [id, to, at]);
      await this.recordEvent(m, rows[0], 'VERIFY', row.status, null, null, actor, at);
      return toClaimModel(rows[0]);
    });
  }

  async reject(actor: Principal, id: string, reason: string): Promise<ClaimModel> {
    requireReason(reason);
    return this.withClaimAndFund(id, async (m, fund, row) => {
      const to = this.step(row.status, 'REJECT');
      const held = BigInt(row.held_amount);
      const at = new Date();
      if (held > 0n) await this.post(m, fund, { kind: 'RELEASE', claimId: id, actorId: actor.id, lines: releaseLines(held) }, at);
      const rows = await updateClaim(
        m,
        `UPDATE claims SET status = $2, held_amount = 0, reject_reason = $3, updated_at = $4 WHERE id = $1 RETURNING *`,
        [id, to, reason, at],
      );
      await this.recordEvent(m, rows[0], 'REJECT', row.status, held > 0n ? held : null, reason, actor, at);
      return toClaimModel(rows[0]);
    });
  }

  /** Pays at most the held amount; the rest of the hold goes back to available in the same posting. */
  async pay(actor: Principal, id: string, amount: bigint): Promise<ClaimModel> {
    return this.withClaimAndFund(id, async (m, fund, row) => {
      await this.checkDuties(m, 'PAY', actor, row);
      const to = this.step(row.status, 'PAY');
      const held = BigInt(row.held_amount);
      const at = new Date();
      await this.post(m, fund, { kind: 'PAY', claimId: id, actorId: actor.id, lines: this.rule(() => payLines(held, amount)) }, at);
      const rows = await updateClaim(
        m,
        `UPDATE claims SET status = $2, held_amount = 0, paid_amount = $3, updated_at = $4 WHERE id = $1 RETURNING *`,
        [id, to, amount.toString(), at],
      );
      const released = held - amount;
      await this.recordEvent(m, rows[0], 'PAY', row.status, amount, released > 0n ? `${released} released back to the fund` : null, actor, at);
      return toClaimModel(rows[0]);
    });
  }

  async refund(actor: Principal, id: string, amount: bigint, reason: string): Promise<ClaimModel> {
    requireReason(reason);
    return this.withClaimAndFund(id, async (m, fund, row) => {
      const to = this.step(row.status, 'REFUND');
      const paid = BigInt(row.paid_amount);
      const at = new Date();
      await this.post(m, fund, { kind: 'REFUND', claimId: id, actorId: actor.id, lines: this.rule(() => refundLines(paid, amount)) }, at);
      const rows = await updateClaim(
        m,
        `UPDATE claims SET status = $2, refunded_amount = $3, updated_at = $4 WHERE id = $1 RETURNING *`,
        [id, to, amount.toString(), at],
      );
      await this.recordEvent(m, rows[0], 'REFUND', row.status, amount, reason, actor, at);
      return toClaimModel(rows[0]);
    });
  }

  /** Claims still REQUESTED (a lost enqueue, a job that ran out of attempts): queue them again. */
  async requeuePending(): Promise<number> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM claims WHERE status = 'REQUESTED' ORDER BY created_at LIMIT 1000`);
    const queue = this.queues.queue(QueueName.LedgerPostings);
    for (const { id } of rows) {
      const job = await withDeadline(queue.getJob(id), this.config.env.QUEUE_ADD_TIMEOUT_MS, 'reading a queued hold');
      if (job && (await job.isFailed())) await job.retry();
      else if (!job) await this.enqueueHold(id);
    }
    return rows.length;
  }

  // ---- auditors ----------------------------------------------------------------------------

  async drawdowns(filter: DrawdownFilter | undefined, first: number | undefined, after: string | undefined): Promise<DrawdownConnection> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, ['instant', 'uuid']);
    const { where, params } = this.drawdownWhere(filter ?? {});
    const totals: { n: number; requested: string; held: string; paid: string; refunded: string }[] = await this.db.query(
      `SELECT count(*)::int AS n, coalesce(sum(amount), 0)::text AS requested, coalesce(sum(held_amount), 0)::text AS held,
              coalesce(sum(paid_amount), 0)::text AS paid, coalesce(sum(refunded_amount), 0)::text AS refunded
         FROM claims c ${where}`,
      params,
    );
    const pageParams = [...params];
    let keyset = '';
    if (cursor) {
      pageParams.push(cursor[0], cursor[1]);
      keyset = `${where ? ' AND' : 'WHERE'} (c.created_at, c.id) < ($${pageParams.length - 1}::timestamptz, $${pageParams.length}::uuid)`;
    }
    pageParams.push(size + 1);
    const rows: ClaimRow[] = await this.db.query(
      `SELECT c.* FROM claims c ${where}${keyset} ORDER BY c.created_at DESC, c.id DESC LIMIT $${pageParams.length}`,
      pageParams,
    );
    const page = rows.slice(0, size);
    const edges = page.map((r) => ({ cursor: encodeCursor([r.created_at.toISOString(), r.id]), node: toClaimModel(r) }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
      totalCount: totals[0].n,
      totals: { requested: BigInt(totals[0].requested), held: BigInt(totals[0].held), paid: BigInt(totals[0].paid), refunded: BigInt(totals[0].refunded) },
    };
  }

  /** The WHERE clause of the auditors' filter, shared by `drawdowns` and the CSV export. */
  drawdownWhere(filter: DrawdownFilter): { where: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      clauses.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.fundId) add('c.fund_id = ?', filter.fundId);
    if (filter.status) add('c.status = ?', filter.status);
    if (filter.from) add('c.created_at >= ?', filter.from);
    if (filter.to) add('c.created_at < ?', filter.to);
    if (filter.wardId) add('c.ward_id = ?', filter.wardId);
    if (filter.medicalRecordNumber) add('c.medical_record_number = ?', filter.medicalRecordNumber);
    return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  // ---- internals ---------------------------------------------------------------------------

  private async evidence(
    actor: Principal,
    input: SubmitClaimInput,
    admission: AdmissionFacts | null,
  ): Promise<EligibilityEvidence> {
    const base = { checkedAt: new Date().toISOString(), checkedBy: actor.username, nikPresent: Boolean(input.nik), ground: '' };
    if (this.bpjs.enabled && input.nik) {
      try {
        const answer = await this.bpjs.participantByNik(input.nik, new Date());
        if (!answer.found) return { ...base, payerStatusSeen: 'NO_BPJS', source: 'BPJS_VCLAIM', bpjs: { notFound: true } };
        return {
          ...base,
          payerStatusSeen: answer.active ? 'BPJS_ACTIVE' : 'BPJS_INACTIVE',
          source: 'BPJS_VCLAIM',
          bpjs: { statusCode: answer.statusCode, status: answer.status, noKartu: answer.noKartu },
        };
      } catch (err) {
        // An emergency patient is not refused because BPJS is down: the Inspektorat sees the gap.
        this.log.warn({ msg: 'BPJS VClaim check failed; using the recorded payer status', error: (err as Error).message });
        const seen = admission?.payerStatus ?? input.payerStatus;
        return { ...base, payerStatusSeen: seen, source: admission ? 'ADMISSION' : 'DECLARED', bpjs: { error: (err as Error).message.slice(0, 200) } };
      }
    }
    if (admission) return { ...base, payerStatusSeen: admission.payerStatus, source: 'ADMISSION' };
    return { ...base, payerStatusSeen: input.payerStatus, source: 'DECLARED' };
  }

  /** The admission a claim names: it must exist and be the same patient's. */
  private async admissionFacts(admissionId: string, medicalRecordNumber: string): Promise<AdmissionFacts> {
    const facts = await this.beds.admissionFacts(admissionId);
    if (!facts) throw notFound('Admission', admissionId);
    if (facts.medicalRecordNumber !== medicalRecordNumber) {
      throw badInput(`Admission ${admissionId} is for medical record ${facts.medicalRecordNumber}, not ${medicalRecordNumber}.`);
    }
    return facts;
  }


  private async byIdempotencyKey(key: string, print: string): Promise<ClaimModel | null> {
    const rows: ClaimRow[] = await this.db.query(`SELECT * FROM claims WHERE idempotency_key = $1`, [key]);
    if (rows.length === 0) return null;
    if (rows[0].request_fingerprint !== print) {
      throw new AppError('DUPLICATE', `The idempotency key ${JSON.stringify(key)} was used for a different claim; use a new key for a new claim.`, {
        claimId: rows[0].id,
      });
    }
    if (rows[0].status === 'REQUESTED') await this.enqueueHold(rows[0].id);
    return toClaimModel(rows[0]);
  }

  private async requireFund(fundId: string): Promise<void> {
    const rows = await this.db.query(`SELECT 1 FROM funds WHERE id = $1`, [fundId]);
    if (rows.length === 0) throw notFound('Fund', fundId);
  }

  /** Claim first, then fund: the same order as the hold job, so two postings never deadlock. */
  private async withClaimAndFund(id: string, fn: (m: EntityManager, fund: LockedFund, row: ClaimRow) => Promise<ClaimModel>): Promise<ClaimModel> {
    return this.db.transaction(async (m) => {
      const row = await this.lockClaim(m, id);
      const fund = (await lockFund(m, row.fund_id))!;
      return fn(m, fund, row);
    });
  }

  private async lockClaim(m: EntityManager, id: string): Promise<ClaimRow> {
    const rows: ClaimRow[] = await m.query(`SELECT * FROM claims WHERE id = $1 FOR UPDATE`, [id]);
    if (rows.length === 0) throw notFound('Claim', id);
    return rows[0];
  }

  /**
   * Submitter, verifier and payer are three people, whatever roles they hold. Read under the
   * claim's row lock, so the recorded actors cannot change before this step commits.
   */
  private async checkDuties(m: EntityManager, action: 'VERIFY' | 'PAY', actor: Principal, row: ClaimRow): Promise<void> {
    const verified: { actor_id: string | null }[] = await m.query(
      `SELECT actor_id FROM claim_events WHERE claim_id = $1 AND action = 'VERIFY' ORDER BY id DESC LIMIT 1`,
      [row.id],
    );
    const actors: ClaimActors = { submittedBy: row.submitted_by, verifiedBy: verified[0]?.actor_id ?? null };
    const check = checkSeparationOfDuties(action, actor.id, actors);
    if (!check.ok) throw forbidden(check.message);
  }

  private step(status: ClaimStatus, action: Exclude<ClaimAction, 'SUBMIT'>): ClaimStatus {
    return this.rule(() => nextStatus(status, action));
  }

  private rule<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw fromRule(err);
    }
  }

  /** Appends the posting and, in the same transaction, the fund's new balances to the outbox. */
  private async post(m: EntityManager, fund: LockedFund, posting: Posting, at: Date): Promise<void> {
    try {
      const before = fund.available;
      const { seq } = await appendPosting(m, fund, posting, at);
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
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO claim_events (claim_id, action, from_status, to_status, amount, reason, actor_id, actor_username, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [claim.id, action, from, claim.status, amount?.toString() ?? null, reason, actor?.id ?? null, actorUsername, at],
    );
    await this.outbox.enqueue(m, CLAIM_CHANGED, {
      claimId: claim.id,
      fundId: claim.fund_id,
      seq: id,
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
    });
  }

}
