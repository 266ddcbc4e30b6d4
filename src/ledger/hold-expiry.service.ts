import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { withDeadline } from '../common/deadline';
import { AppConfig } from '../config/app-config';
import { QueueService } from '../queue/queue.service';
import { ClaimCommandsService } from './claim-commands.service';
import { expiredHoldIds, overduePaymentIds } from './claims.repository';
import { EXPIRE_HOLD_JOB, FLAG_PAYMENT_JOB, LEDGER_JOB_OPTIONS, LEDGER_POSTINGS_QUEUE, type HoldJobData } from './ledger.jobs';

const BATCH = 500;
const DAY_MS = 86_400_000;

/**
 * Holds that run out and payments left waiting: each worker sweep queues a job per HELD claim
 * past CLAIM_HOLD_DAYS and per VERIFIED claim past CLAIM_PAYMENT_DAYS. The job id names the
 * claim, so two workers queue one job; the job re-checks the claim's status under its row
 * lock, so a job run twice (a restart, a stalled job) changes nothing the second time.
 */
@Injectable()
export class HoldExpiryService {
  private readonly log = new Logger(HoldExpiryService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly queues: QueueService,
    private readonly commands: ClaimCommandsService,
  ) {}

  /** Queues the due expiries and payment flags; returns how many claims were due. */
  async enqueueDue(now = new Date()): Promise<number> {
    const { CLAIM_HOLD_DAYS, CLAIM_PAYMENT_DAYS } = this.config.env;
    const expiring = await expiredHoldIds(this.db, new Date(now.getTime() - CLAIM_HOLD_DAYS * DAY_MS), BATCH);
    const overdue = await overduePaymentIds(this.db, new Date(now.getTime() - CLAIM_PAYMENT_DAYS * DAY_MS), BATCH);
    for (const id of expiring) await this.enqueue(EXPIRE_HOLD_JOB, id);
    for (const id of overdue) await this.enqueue(FLAG_PAYMENT_JOB, id);
    if (expiring.length + overdue.length > 0)
      this.log.log({ msg: 'queued expired holds and overdue payments', expiring: expiring.length, overdue: overdue.length });
    return expiring.length + overdue.length;
  }

  /** Runs an expiry or flag job (the processor hands these over). */
  async process(job: Job<HoldJobData>): Promise<string> {
    return job.name === EXPIRE_HOLD_JOB ? this.commands.expireHold(job.data.claimId) : this.commands.flagOverduePayment(job.data.claimId);
  }

  private async enqueue(name: typeof EXPIRE_HOLD_JOB | typeof FLAG_PAYMENT_JOB, claimId: string): Promise<void> {
    const queue = this.queues.queue<HoldJobData>(LEDGER_POSTINGS_QUEUE);
    const jobId = `${name === EXPIRE_HOLD_JOB ? 'expire' : 'flag'}-${claimId}`;
    const timeout = this.config.env.QUEUE_ADD_TIMEOUT_MS;
    const job = await withDeadline(queue.getJob(jobId), timeout, 'reading a ledger job');
    if (job && (await job.isFailed())) await job.retry();
    else if (!job) await withDeadline(queue.add(name, { claimId }, { ...LEDGER_JOB_OPTIONS, jobId }), timeout, 'queueing a ledger job');
  }
}
