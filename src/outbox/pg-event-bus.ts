import { Client, Pool } from 'pg';
import { EventBus, type BusMessage, type PublishOutcome } from './event-bus';

const RECONNECT_MS = 1000;

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Pub/sub on PostgreSQL LISTEN/NOTIFY, for installs without Redis. NOTIFY payloads are limited
 * to 8000 bytes; events here are counts and ids, far below that.
 */
export class PgEventBus extends EventBus {
  private readonly pool: Pool;
  private listener: Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** LISTEN/UNLISTEN one at a time: a pg client runs one query at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    prefix: string,
  ) {
    super(prefix);
    this.pool = new Pool({ connectionString: url, max: 2, application_name: 'si-ranap-pubsub' });
    this.pool.on('error', (err) => this.logger.warn({ msg: 'pubsub pool error', err: err.message }));
    void this.connect();
  }

  async publish(topic: string, payload: object): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [this.prefix + topic, JSON.stringify(payload)]);
  }

  /**
   * One statement (its own transaction) per run of messages: PostgreSQL delivers its NOTIFYs
   * on commit, in call order, all or none. A transaction delivers one of several identical
   * (channel, payload) notifications, so a repeat starts the next statement.
   */
  async publishMany(messages: readonly BusMessage[]): Promise<PublishOutcome> {
    let published = 0;
    while (published < messages.length) {
      const run: [string, string][] = [];
      const seen = new Set<string>();
      for (const m of messages.slice(published)) {
        const notification: [string, string] = [this.prefix + m.topic, JSON.stringify(m.payload)];
        const key = JSON.stringify(notification);
        if (seen.has(key)) break;
        seen.add(key);
        run.push(notification);
      }
      try {
        await this.pool.query('SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS m(c, p, n) ORDER BY n', [
          run.map(([c]) => c),
          run.map(([, p]) => p),
        ]);
      } catch (error) {
        return { published, error };
      }
      published += run.length;
    }
    return { published };
  }

  protected listen(channel: string): Promise<void> {
    return this.onListener(`LISTEN ${quoteIdent(channel)}`);
  }

  protected unlisten(channel: string): Promise<void> {
    return this.onListener(`UNLISTEN ${quoteIdent(channel)}`);
  }

  private onListener(sql: string): Promise<void> {
    const run = this.queue.then(async () => {
      await this.listener?.query(sql);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.url, application_name: 'si-ranap-listen' });
    client.on('notification', (n) => this.deliver(n.channel, n.payload ?? ''));
    client.on('error', (err) => {
      this.logger.warn({ msg: 'pubsub listener lost', err: err.message });
      this.retry(client);
    });
    client.on('end', () => this.retry(client));
    try {
      await client.connect();
      if (this.closed) {
        client.removeAllListeners('end');
        await client.end();
        return;
      }
      this.listener = client;
      for (const channel of this.channels()) await this.listen(channel);
    } catch (err) {
      this.logger.warn({ msg: 'pubsub listener cannot connect', err: String(err) });
      this.retry(client);
      return;
    }
    this.listening();
  }

  private retry(client: Client): void {
    if (this.listener === client) this.listener = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, RECONNECT_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    if (listener) {
      listener.removeAllListeners('end');
      await listener.end().catch(() => undefined);
    }
    await this.pool.end();
  }
}
