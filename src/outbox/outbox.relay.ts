import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { SingleFlight } from '../common/single-flight';
import { AppConfig } from '../config/app-config';
import { EventBus } from './event-bus';
import { OutboxRepository } from './outbox.repository';
import { OUTBOX_WAKE_CHANNEL } from './outbox.topics';

const BATCH = 200;

/**
 * Publishes outbox rows in id order and deletes each once the broker took it. Woken by the
 * NOTIFY of committing transactions, and by a periodic sweep (covers a lost wake-up, a broker
 * outage and a restart). Of all replicas only the holder of an advisory lock publishes, so two
 * relays never publish the same rows or interleave them out of order. A failed publish leaves
 * the row in place: a broker outage delays events, it never loses them.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private wake: Client | null = null;
  private sweep: NodeJS.Timeout | null = null;
  /** One drain at a time; a wake-up during a drain makes it go round once more (not while failing: the sweep retries). */
  private readonly drains = new SingleFlight(
    () => this.drain(),
    () => !this.failing,
  );
  private stopped = false;
  private failing = false;

  constructor(
    private readonly rows: OutboxRepository,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  /** Only in a worker (OutboxWorkerModule). */
  onApplicationBootstrap(): void {
    this.sweep = setInterval(() => this.kick(), this.config.env.OUTBOX_SWEEP_MS);
    void this.listen();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.sweep) clearInterval(this.sweep);
    const wake = this.wake;
    this.wake = null;
    await wake?.end().catch(() => undefined);
    await this.drains.stop();
  }

  /** Starts a drain, or asks the running one to go round once more. */
  private kick(): void {
    if (!this.stopped) this.drains.request();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        this.drains.absorbRequests();
        const { published, more } = await this.publishBatch();
        if (this.failing && published > 0) this.logger.log({ msg: 'outbox relay resumed' });
        this.failing = false;
        if (!more || published === 0 || this.stopped) return;
      }
    } catch (err) {
      // Broker or database away: the sweep retries; log once per outage, not on every sweep.
      if (!this.failing) this.logger.warn({ msg: 'outbox relay paused; rows kept until published', err: String(err) });
      this.failing = true;
    }
  }

  private async publishBatch(): Promise<{ published: number; more: boolean }> {
    const outcome = await this.rows.claimBatch(BATCH, async (rows) => {
      // The whole batch in one exchange with the broker; it stops at the first message not taken.
      const { published, error } = await this.bus.publishMany(rows);
      const sent = rows.slice(0, published).map((row) => row.id);
      return { sent, result: { published, more: rows.length === BATCH, failure: published < rows.length ? (error ?? new Error('not published')) : null } };
    });
    // Another replica's relay is publishing; it will also take the rows that woke us.
    if (!outcome) return { published: 0, more: false };
    // Thrown after the commit, so what was published is deleted; the rest stays, in order.
    if (outcome.failure) throw outcome.failure;
    return outcome;
  }

  private async listen(): Promise<void> {
    while (!this.stopped) {
      const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'si-ranap-relay' });
      const lost = new Promise<void>((resolve) => {
        client.on('error', () => resolve());
        client.on('end', () => resolve());
      });
      try {
        await client.connect();
        if (!this.stopped) {
          this.wake = client;
          client.on('notification', () => this.kick());
          await client.query(`LISTEN ${OUTBOX_WAKE_CHANNEL}`);
          this.kick();
          await lost;
        }
      } catch (err) {
        this.logger.warn({ msg: 'outbox wake-up listener lost; sweeping meanwhile', err: String(err) });
      }
      // Also ends a client that finished connecting after the relay was stopped.
      await client.end().catch(() => undefined);
      if (!this.stopped) await new Promise((r) => setTimeout(r, this.config.env.OUTBOX_SWEEP_MS));
    }
  }
}
