import { Logger } from '@nestjs/common';
import type { EventBus } from '../outbox/event-bus';
import { CoalescingIterator, CoalescingQueue } from './coalescing-queue';

export interface LiveFeedOptions<T> {
  topic: string;
  parse: (raw: unknown) => T;
  keyOf: (value: T) => string;
  seqOf: (value: T) => bigint;
  /** The current state of everything, re-read when pub/sub may have missed messages. */
  current: () => Promise<T[]>;
  /**
   * Called with every value the feed takes in, before any subscriber gets it, and with null
   * when it may have missed some (pub/sub reconnected): for caches that must not lag the feed.
   */
  onValue?: (value: T | null) => void;
}

/** Subscribers that share a first state: the same `key` means the same filter (`matches`), so the same rows. */
export interface LiveView<T> {
  key: string;
  /** The view's rows from the database, read for its first subscriber only; throw to refuse. */
  read: () => Promise<T[]>;
}

interface ViewState<T> {
  key: string;
  keys: Set<string>;
  matches: (value: T) => boolean;
  subscribers: number;
}

/**
 * A subscriber's stream as the feed holds it: the stream itself, what it takes and its view, and
 * no closure of its own (one per subscriber, times thousands of them).
 */
class Watcher<T> extends CoalescingIterator<T> {
  view: ViewState<T> | null = null;

  constructor(
    private readonly feed: LiveFeed<T>,
    public matches: (value: T) => boolean,
    queue: CoalescingQueue<T>,
  ) {
    super(queue);
  }

  protected override onClose(): void {
    this.feed.forget(this);
  }
}

interface Loading<T> {
  matches: (value: T) => boolean;
  /** What the feed took in for this view while its rows were being read. */
  seen: Map<string, T>;
  done: Promise<ViewState<T>>;
}

/**
 * One pub/sub subscription per process and topic, fanned out to this process's subscribers:
 * each message is parsed once and offered to every matching subscriber's coalescing queue.
 *
 * It keeps the latest value of every key some subscriber watches (its snapshot), so a new
 * subscriber's first state comes from memory: the rows of a view are read once, for its first
 * subscriber, then kept current by the messages and by the re-read after pub/sub reconnects,
 * and forgotten when its last subscriber leaves.
 */
export class LiveFeed<T> {
  private readonly logger = new Logger(LiveFeed.name);
  private readonly watchers = new Set<Watcher<T>>();
  private readonly snapshot = new Map<string, { value: T; views: number }>();
  private readonly views = new Map<string, ViewState<T>>();
  private readonly loading = new Map<string, Loading<T>>();
  private subscription: number | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly options: LiveFeedOptions<T>,
  ) {}

  async start(): Promise<void> {
    this.subscription = await this.bus.subscribe(this.options.topic, (raw: unknown) => this.dispatch(this.options.parse(raw)));
    this.stopListening = this.bus.onListening(() => {
      this.options.onValue?.(null);
      void this.refresh();
    });
  }

  stop(): void {
    if (this.subscription !== null) this.bus.unsubscribe(this.subscription);
    this.stopListening?.();
    // The watchers' subscriptions are not completed here: a completed subscription tells a client
    // it is over, and it would not subscribe again. Their sockets are closed with 1001 when the
    // server shuts down, which makes clients reconnect and resubscribe.
  }

  get size(): number {
    return this.watchers.size;
  }

  /** Keys whose latest value is held for the views being watched. */
  get snapshotSize(): number {
    return this.snapshot.size;
  }

  /**
   * A subscriber's stream: the view's current state first (when given), then changes. It
   * listens before reading the state, so nothing committed in between is lost; the sequence
   * check drops what the state already covers.
   */
  async open(matches: (value: T) => boolean, view?: LiveView<T>): Promise<CoalescingIterator<T>> {
    const watcher = new Watcher(this, matches, new CoalescingQueue(this.options.keyOf, this.options.seqOf));
    this.watchers.add(watcher);
    if (!view) return watcher;
    try {
      const state = await this.acquire(view, matches);
      watcher.view = state;
      // The same view key means the same filter: the view's own is kept, this one let go.
      watcher.matches = state.matches;
      for (const key of state.keys) {
        const entry = this.snapshot.get(key);
        if (entry) watcher.push(entry.value);
      }
    } catch (err) {
      await watcher.return();
      throw err;
    }
    return watcher;
  }

  /** A stream has ended: it gets nothing more, and its view loses a subscriber. */
  forget(watcher: Watcher<T>): void {
    this.watchers.delete(watcher);
    if (watcher.view) this.release(watcher.view);
  }

  private async acquire(view: LiveView<T>, matches: (value: T) => boolean): Promise<ViewState<T>> {
    let state = this.views.get(view.key);
    if (!state) {
      let loading = this.loading.get(view.key);
      if (!loading) {
        const seen = new Map<string, T>();
        loading = { matches, seen, done: this.load(view, matches, seen) };
        this.loading.set(view.key, loading);
        const remove = () => this.loading.delete(view.key);
        loading.done.then(remove, remove);
      }
      state = await loading.done;
      // Its first subscribers may all have left while this one waited: register it again.
      if (this.views.get(view.key) !== state) return this.acquire(view, matches);
    }
    state.subscribers++;
    return state;
  }

  private async load(view: LiveView<T>, matches: (value: T) => boolean, seen: Map<string, T>): Promise<ViewState<T>> {
    const rows = await view.read();
    // Another load of the same view cannot have finished: they share one promise.
    const state: ViewState<T> = { key: view.key, keys: new Set(), matches, subscribers: 0 };
    for (const row of [...rows, ...seen.values()]) this.add(state, row);
    this.views.set(view.key, state);
    return state;
  }

  /** Adds a key to a view, keeping the newest value of it. */
  private add(state: ViewState<T>, value: T): void {
    const key = this.options.keyOf(value);
    const entry = this.snapshot.get(key);
    if (!entry) this.snapshot.set(key, { value, views: 0 });
    else if (this.options.seqOf(value) > this.options.seqOf(entry.value)) entry.value = value;
    if (state.keys.has(key)) return;
    state.keys.add(key);
    this.snapshot.get(key)!.views++;
  }

  private release(state: ViewState<T>): void {
    if (--state.subscribers > 0 || this.views.get(state.key) !== state) return;
    this.views.delete(state.key);
    for (const key of state.keys) {
      const entry = this.snapshot.get(key);
      if (entry && --entry.views === 0) this.snapshot.delete(key);
    }
  }

  private dispatch(value: T): void {
    const key = this.options.keyOf(value);
    const entry = this.snapshot.get(key);
    if (entry) {
      if (this.options.seqOf(value) > this.options.seqOf(entry.value)) entry.value = value;
    }
    // A key that is new to a view (a ward's first bed of a class, a new bed) joins it.
    for (const state of this.views.values()) if (!state.keys.has(key) && state.matches(value)) this.add(state, value);
    for (const loading of this.loading.values()) {
      if (!loading.matches(value)) continue;
      const before = loading.seen.get(key);
      if (!before || this.options.seqOf(value) > this.options.seqOf(before)) loading.seen.set(key, value);
    }
    this.options.onValue?.(value);
    for (const w of this.watchers) if (w.matches(value)) w.push(value);
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
