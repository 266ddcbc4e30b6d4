import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';

type Handler = (payload: unknown) => void;

/** One message for `publishMany`. */
export interface BusMessage {
  readonly topic: string;
  readonly payload: object;
}

/** What `publishMany` got through: the first `published` messages; `error` why it stopped short. */
export interface PublishOutcome {
  published: number;
  error?: unknown;
}

/**
 * Pub/sub between replicas, injectable as `EventBus`: Redis when REDIS_URL is set, otherwise
 * PostgreSQL LISTEN/NOTIFY. A PubSubEngine, so `asyncIterableIterator()` and `withFilter` work.
 *
 * - `publish` resolves only when the broker took the message and rejects otherwise (never
 *   queues it in memory): the outbox relay keeps the row and retries. `publishMany` is the
 *   same for a batch, in order.
 * - `subscribe` registers the handler at once and listens on the broker in the background;
 *   one broker subscription per topic per process, the payload parsed once for all handlers.
 * - `onListening` listeners run each time the broker subscriptions are (re)established:
 *   messages published while this process was not listening are lost to it, so a listener
 *   re-reads the current state from the database.
 */
export abstract class EventBus extends PubSubEngine implements BeforeApplicationShutdown {
  protected readonly logger = new Logger(EventBus.name);
  private nextId = 1;
  private readonly handlers = new Map<number, { channel: string; handler: Handler }>();
  private readonly byChannel = new Map<string, Set<number>>();
  private readonly listeningListeners = new Set<() => void>();

  constructor(protected readonly prefix: string) {
    super();
  }

  /** Publishes one message on `topic` (the broker channel is the prefix plus the topic). */
  abstract override publish(topic: string, payload: object): Promise<void>;

  /**
   * Publishes the messages in their order in one exchange with the broker (not one per
   * message). Never rejects: says how many, from the first, the broker took; none after a
   * message it did not take are published, so a caller that retries from there keeps the order.
   */
  abstract publishMany(messages: readonly BusMessage[]): Promise<PublishOutcome>;

  /** Stops listening and publishing; pending handlers get nothing more. */
  abstract close(): Promise<void>;

  /** Nest hook: after the relay and the feeds stopped (onModuleDestroy), before the database closes. */
  beforeApplicationShutdown(): Promise<void> {
    return this.close();
  }

  protected abstract listen(channel: string): Promise<void>;
  protected abstract unlisten(channel: string): Promise<void>;

  override subscribe(topic: string, onMessage: Handler): Promise<number> {
    const channel = this.prefix + topic;
    const id = this.nextId++;
    this.handlers.set(id, { channel, handler: onMessage });
    let ids = this.byChannel.get(channel);
    if (!ids) {
      ids = new Set();
      this.byChannel.set(channel, ids);
      this.listen(channel).catch((err: unknown) => this.logger.warn({ msg: 'listen failed; retried on reconnect', channel, err: String(err) }));
    }
    ids.add(id);
    return Promise.resolve(id);
  }

  override unsubscribe(id: number): void {
    const entry = this.handlers.get(id);
    if (!entry) return;
    this.handlers.delete(id);
    const ids = this.byChannel.get(entry.channel);
    ids?.delete(id);
    if (ids && ids.size === 0) {
      this.byChannel.delete(entry.channel);
      this.unlisten(entry.channel).catch(() => undefined);
    }
  }

  /** Returns a function that removes the listener. */
  onListening(listener: () => void): () => void {
    this.listeningListeners.add(listener);
    return () => this.listeningListeners.delete(listener);
  }

  protected channels(): string[] {
    return [...this.byChannel.keys()];
  }

  protected listening(): void {
    for (const listener of this.listeningListeners) listener();
  }

  protected deliver(channel: string, message: string): void {
    const ids = this.byChannel.get(channel);
    if (!ids || ids.size === 0) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message);
    } catch {
      this.logger.warn({ msg: 'dropped a message that is not JSON', channel });
      return;
    }
    for (const id of ids) {
      try {
        this.handlers.get(id)?.handler(payload);
      } catch (err) {
        this.logger.error({ msg: 'subscription handler failed', channel, err: String(err) });
      }
    }
  }
}
