import { Logger } from '@nestjs/common';
import type { EventBus } from '../outbox/event-bus';
import { CoalescingIterator, CoalescingQueue } from './coalescing-queue';

interface Watcher<T> {
  matches: (value: T) => boolean;
  iterator: CoalescingIterator<T>;
}

export interface LiveFeedOptions<T> {
  topic: string;
  parse: (raw: unknown) => T;
  keyOf: (value: T) => string;
  seqOf: (value: T) => bigint;
  /** The current state of everything, re-read when pub/sub may have missed messages. */
  current: () => Promise<T[]>;
}

/**
 * One pub/sub subscription per process and topic, fanned out to this process's subscribers:
 * each message is parsed once and offered to every matching subscriber's coalescing queue.
 */
export class LiveFeed<T> {
  private readonly logger = new Logger(LiveFeed.name);
  private readonly watchers = new Set<Watcher<T>>();
  private subscription: number | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly options: LiveFeedOptions<T>,
  ) {}

  async start(): Promise<void> {
    this.subscription = await this.bus.subscribe(this.options.topic, (raw: unknown) => this.dispatch(this.options.parse(raw)));
    this.stopListening = this.bus.onListening(() => void this.refresh());
  }

  stop(): void {
    if (this.subscription !== null) this.bus.unsubscribe(this.subscription);
    this.stopListening?.();
    for (const w of [...this.watchers]) void w.iterator.return();
  }

  get size(): number {
    return this.watchers.size;
  }

  /**
   * A subscriber's stream: the current state first, then changes. It listens before reading the
   * state, so nothing committed in between is lost; the sequence check drops what the state
   * already covers.
   */
  async open(matches: (value: T) => boolean, initial: () => Promise<T[]>): Promise<AsyncIterableIterator<T>> {
    const watcher: Watcher<T> = {
      matches,
      iterator: new CoalescingIterator(new CoalescingQueue(this.options.keyOf, this.options.seqOf), () => this.watchers.delete(watcher)),
    };
    this.watchers.add(watcher);
    try {
      for (const value of await initial()) watcher.iterator.push(value);
    } catch (err) {
      await watcher.iterator.return();
      throw err;
    }
    return watcher.iterator;
  }

  private dispatch(value: T): void {
    for (const w of this.watchers) if (w.matches(value)) w.iterator.push(value);
  }

  private async refresh(): Promise<void> {
    if (this.watchers.size === 0) return;
    try {
      for (const value of await this.options.current()) this.dispatch(value);
    } catch (err) {
      this.logger.warn({ msg: 'could not re-read the state after pub/sub reconnected', topic: this.options.topic, err: String(err) });
    }
  }
}
