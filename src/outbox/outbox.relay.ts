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
 * outage and a restart). Of all replicas only the relay whose connection holds the lead lock
 * publishes, so two relays never publish the same rows or interleave them out of order; when
 * that connection ends, PostgreSQL frees the lock and another replica's relay takes it at its
 * next sweep (a follower does not drain on wake-ups). A batch is two round trips on that
 * connection (read, delete), no transaction. A failed publish leaves the row in place: a broker
 * outage delays events, it never loses them.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  /** The relay's own connection, from its start: ended on shutdown. */
  private client: Client | null = null;
  /** The same connection once it LISTENs: the lead lock and the batches go over it. */
  private connection: Client | null = null;
  /** The connection that holds the lead lock; the lock ends with it. */
  private leadOn: Client | null = null;
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
    // A running drain finishes on the connection before it ends.
    await this.drains.stop();
    this.connection = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Starts a drain, or asks the running one to go round once more. */
  private kick(): void {
    if (!this.stopped) this.drains.request();
  }

  /**
   * A commit's NOTIFY on `connection`. Only the leader drains on it: every commit of every
   * replica wakes every relay, and a follower's drain would ask PostgreSQL for the lead each
   * time. A follower asks on its sweep (and once when its connection is new).
   */
  private wake(connection: Client): void {
    if (this.leadOn === connection) this.kick();
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
    const connection = this.connection;
    // Not connected yet, or reconnecting: the listener kicks once it is back.
    if (!connection) return { published: 0, more: false };
    if (this.leadOn !== connection) {
      // Another replica's relay is publishing; it will also take the rows that woke us.
      if (!(await this.rows.takeRelayLead(connection))) return { published: 0, more: false };
      this.leadOn = connection;
    }
    const rows = await this.rows.oldest(connection, BATCH);
    // The whole batch in one exchange with the broker; it stops at the first message not taken.
    const { published, error } = await this.bus.publishMany(rows);
    await this.rows.deleteSent(
      connection,
      rows.slice(0, published).map((row) => row.id),
    );
    // What was published is deleted; the rest stays, in order.
    if (published < rows.length) throw error ?? new Error('not published');
    return { published, more: rows.length === BATCH };
  }

  private async listen(): Promise<void> {
    while (!this.stopped) {
      const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'si-ranap-relay' });
      this.client = client;
      const lost = new Promise<void>((resolve) => {
        client.on('error', () => resolve());
        client.on('end', () => resolve());
      });
      try {
        await client.connect();
        if (!this.stopped) {
          client.on('notification', () => this.wake(client));
          await client.query(`LISTEN ${OUTBOX_WAKE_CHANNEL}`);
          if (!this.stopped) {
            // Drains use it from now on, one statement at a time (they run one after another).
            this.connection = client;
            this.kick();
            await lost;
          }
        }
      } catch (err) {
        this.logger.warn({ msg: 'outbox relay connection failed; rows kept until it is back', err: String(err) });
      }
      if (this.connection === client) this.connection = null;
      if (this.client === client) this.client = null;
      // Also ends a client that finished connecting after the relay was stopped.
      await client.end().catch(() => undefined);
      if (!this.stopped) await new Promise((r) => setTimeout(r, this.config.env.OUTBOX_SWEEP_MS));
    }
  }
}
