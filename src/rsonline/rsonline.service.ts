import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AvailabilityService } from '../availability/availability.service';
import { BedsRepository } from '../beds/beds.repository';
import { badInput } from '../common/error-codes';
import { SingleFlight } from '../common/single-flight';
import { AppConfig } from '../config/app-config';
import { RsOnlineClient } from './rsonline.client';
import { RsOnlineRepository, type SyncRow } from './rsonline.repository';
import { desiredRows, planSync, type SyncPlan } from './rsonline-rows';
import type { RsOnlineStatus } from './rsonline.types';

/** The hospital has no beds here: not yet seeded, or RSONLINE_HOSPITAL names another. */
class NothingToReport extends Error {}

export interface RsOnlineHealth {
  status: 'off' | 'pending' | 'ok' | 'degraded';
  lastSuccessAt?: Date | null;
  lastError?: string | null;
  lastErrorAt?: Date | null;
}

/**
 * Reports the hospital's beds to RS Online. Each report reads RS Online's rows and sends only
 * the difference. A failed report is retried with a doubling wait; the outcome is kept in
 * rs_online_sync for the status query and /health/ready. What starts reports in a worker (a
 * change of the counts, the schedule, the start) is RsOnlineScheduler; off when RSONLINE_URL
 * is not set.
 */
@Injectable()
export class RsOnlineService implements OnModuleDestroy {
  private readonly log = new Logger(RsOnlineService.name);
  private readonly client: RsOnlineClient | null;
  private debounce: NodeJS.Timeout | null = null;
  /** One report at a time; asked meanwhile, once more right after. */
  private readonly reports = new SingleFlight(() => this.reportWithRetries());
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly rows: RsOnlineRepository,
    private readonly availability: AvailabilityService,
    private readonly beds: BedsRepository,
  ) {
    const env = config.env;
    this.client =
      env.RSONLINE_URL && env.RSONLINE_RS_ID && env.RSONLINE_PASSWORD
        ? new RsOnlineClient({
            baseUrl: env.RSONLINE_URL,
            rsId: env.RSONLINE_RS_ID,
            password: env.RSONLINE_PASSWORD,
            passMode: env.RSONLINE_PASS_MODE,
            timeoutMs: env.RSONLINE_TIMEOUT_MS,
          })
        : null;
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  get hospitalCode(): string {
    return this.config.env.RSONLINE_HOSPITAL;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.debounce) clearTimeout(this.debounce);
    this.wake?.();
    await this.reports.stop();
  }

  /** A report within the debounce window; changes meanwhile ride along. */
  requestReport(): void {
    if (this.stopped || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.report();
    }, this.config.env.RSONLINE_DEBOUNCE_MS);
  }

  /** Reports now, or once more right after the report that is running. */
  report(): void {
    if (!this.stopped) this.reports.request();
  }

  private async reportWithRetries(): Promise<void> {
    const attempts = this.config.env.RSONLINE_ATTEMPTS;
    for (let attempt = 1; attempt <= attempts && !this.stopped; attempt++) {
      try {
        await this.reportOnce();
        return;
      } catch (err) {
        if (err instanceof NothingToReport) {
          // Retrying at once would not help: look again after the next window.
          this.requestReport();
          return;
        }
        const last = attempt === attempts;
        this.log.warn({
          msg: last ? 'RS Online report failed; given up until the next change or schedule' : 'RS Online report failed; retrying',
          attempt,
          error: (err as Error).message,
        });
        if (!last) await this.sleep(this.config.env.RSONLINE_BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
  }

  /** One report: read RS Online's rows, send the difference. Records the outcome; throws on failure. */
  private async reportOnce(): Promise<SyncPlan> {
    const client = this.client!;
    await this.rows.recordAttempt(this.hospitalCode);
    try {
      const plan = await this.rows.withReportLock(async () => {
        const available = await this.availability.list({ hospitalCode: this.hospitalCode });
        const rooms = new Map((await this.beds.roomCounts(this.hospitalCode)).map((r) => [`${r.ward_id}/${r.bed_class}`, r.rooms]));
        const counts = available.map((c) => ({ ...c, rooms: rooms.get(`${c.wardId}/${c.bedClass}`) ?? 0 }));
        // Reporting an empty hospital would delete every row at RS Online: a wrong code, surely.
        if (counts.length === 0) throw new NothingToReport(`hospital ${this.hospitalCode} has no beds here (yet); nothing reported (check RSONLINE_HOSPITAL)`);
        const plan = planSync(desiredRows(counts), await client.existingRows());
        for (const row of plan.delete) await client.delete(row);
        for (const row of plan.put) await client.put(row);
        for (const row of plan.post) await client.post(row);
        return plan;
      });
      await this.rows.recordSuccess(this.hospitalCode, { put: plan.put.length, posted: plan.post.length, deleted: plan.delete.length });
      this.log.log({ msg: 'reported to RS Online', put: plan.put.length, posted: plan.post.length, deleted: plan.delete.length, unchanged: plan.unchanged });
      return plan;
    } catch (err) {
      await this.rows.recordFailure(this.hospitalCode, (err as Error).message);
      throw err;
    }
  }

  /** For the ADMIN mutation: one report now (after any running one), without retries. */
  async reportNow(): Promise<RsOnlineStatus> {
    if (!this.client) throw badInput('RS Online is not configured: set RSONLINE_URL, RSONLINE_RS_ID and RSONLINE_PASSWORD.');
    await this.reports.idle();
    await this.reportOnce().catch(() => undefined);
    return this.status();
  }

  async status(): Promise<RsOnlineStatus> {
    const row = await this.row();
    const env = this.config.env;
    return {
      enabled: this.enabled,
      url: env.RSONLINE_URL ?? null,
      rsId: env.RSONLINE_RS_ID ?? null,
      hospitalCode: this.hospitalCode,
      lastAttemptAt: row?.last_attempt_at ?? null,
      lastSuccessAt: row?.last_success_at ?? null,
      lastError: row?.last_error ?? null,
      lastErrorAt: row?.last_error_at ?? null,
      consecutiveFailures: row?.consecutive_failures ?? 0,
      lastPut: row?.last_put ?? 0,
      lastPosted: row?.last_posted ?? 0,
      lastDeleted: row?.last_deleted ?? 0,
    };
  }

  /** For /health/ready: a failing RS Online degrades the service, it does not take it down. */
  async health(): Promise<RsOnlineHealth> {
    if (!this.client) return { status: 'off' };
    const row = await this.row();
    if (!row || (!row.last_success_at && row.consecutive_failures === 0)) return { status: 'pending' };
    if (row.consecutive_failures > 0) {
      return { status: 'degraded', lastError: row.last_error, lastErrorAt: row.last_error_at, lastSuccessAt: row.last_success_at };
    }
    return { status: 'ok', lastSuccessAt: row.last_success_at };
  }

  private row(): Promise<SyncRow | null> {
    return this.rows.row(this.hospitalCode);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
