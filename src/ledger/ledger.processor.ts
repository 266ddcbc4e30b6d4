import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { QueueService } from '../queue/queue.service';
import { ClaimCommandsService } from './claim-commands.service';
import { HoldExpiryService } from './hold-expiry.service';
import { LedgerSealsService } from './ledger-seals.service';
import { claimsOfHoldJob, EXPIRE_HOLD_JOB, FLAG_PAYMENT_JOB, HOLD_BATCH, HOLD_JOB, LEDGER_POSTINGS_QUEUE, type HoldJobData } from './ledger.jobs';
import { takeoverTiming } from './takeover';

/**
 * The ledger worker (LedgerWorkerModule: ROLE worker or all): places the holds of submitted claims
 * (a job carries the claims submitted in one gathering window),
 * releases holds that ran out and flags overdue payments; every LEDGER_SWEEP_SECONDS it queues
 * again any claim still REQUESTED, queues the due expiries and writes the due month seals.
 */
@Injectable()
export class LedgerProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(LedgerProcessor.name);
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(
    private readonly config: AppConfig,
    private readonly queues: QueueService,
    private readonly commands: ClaimCommandsService,
    private readonly expiry: HoldExpiryService,
    private readonly seals: LedgerSealsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const worker = this.queues.worker<HoldJobData>(LEDGER_POSTINGS_QUEUE, (job) => this.process(job), {
      concurrency: this.config.env.LEDGER_WORKER_CONCURRENCY,
      ...takeoverTiming(this.config.env.LEDGER_JOB_LOCK_MS),
    });
    await worker.waitUntilReady();
    await this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.env.LEDGER_SWEEP_SECONDS * 1000);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  async process(job: Job<HoldJobData>): Promise<string> {
    if (job.name === EXPIRE_HOLD_JOB || job.name === FLAG_PAYMENT_JOB) return this.expiry.process(job);
    if (job.name !== HOLD_JOB) throw new Error(`unknown ledger job ${job.name}`);
    const claimIds = claimsOfHoldJob(job.data);
    const tally = await this.commands.placeHoldsOfJob(claimIds, HOLD_BATCH);
    const outcome = Object.entries(tally)
      .filter(([, count]) => count > 0)
      .map(([result, count]) => `${result} ${count}`)
      .join(', ');
    this.log.debug({ msg: 'holds processed', claimIds, outcome, attempt: job.attemptsMade });
    return outcome;
  }

  private async sweep(): Promise<void> {
    // While the queue is unreachable a sweep can outlast the interval: never run two at once.
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const pending = await this.commands.requeuePending();
      if (pending > 0) this.log.log({ msg: 'queued pending claims again', pending });
      await this.expiry.enqueueDue();
      await this.seals.sealDueMonths();
    } catch (err) {
      this.log.warn({ msg: 'sweep of pending claims failed', error: (err as Error).message });
    } finally {
      this.sweeping = false;
    }
  }
}
