/**
 * Messages waiting for one subscriber, at most one per key (a ward and class, or a bed): a newer
 * message replaces the waiting one in place, and a message not newer than one already accepted
 * for its key is dropped. So a slow subscriber costs memory bounded by its keys, a burst reaches
 * it as its latest counts, and it never sees an older count after a newer one.
 *
 * There is one queue per subscriber, and most watch a single key: the first key's accepted and
 * waiting values are held in fields, and a Map is made only for further keys (an empty Map costs
 * a few hundred bytes, times every subscriber).
 */
export class CoalescingQueue<T> {
  /** The latest accepted value of the first key, and of every other key. */
  private accepted: T | undefined = undefined;
  private acceptedMore: Map<string, T> | null = null;
  /** The oldest waiting value, then the others in the order their keys began waiting. */
  private head: T | undefined = undefined;
  private waitingMore: Map<string, T> | null = null;

  constructor(
    private readonly keyOf: (value: T) => string,
    private readonly seqOf: (value: T) => bigint,
  ) {}

  /** False when the value is not newer than one already accepted for its key. */
  offer(value: T): boolean {
    const key = this.keyOf(value);
    const firstKey = this.accepted === undefined ? undefined : this.keyOf(this.accepted);
    const last = firstKey === key ? this.accepted : this.acceptedMore?.get(key);
    if (last !== undefined && this.seqOf(value) <= this.seqOf(last)) return false;
    if (firstKey === undefined || firstKey === key) this.accepted = value;
    else (this.acceptedMore ??= new Map()).set(key, value);
    // A Map keeps a replaced key in its place, as the head keeps its own.
    if (this.head === undefined || this.keyOf(this.head) === key) this.head = value;
    else (this.waitingMore ??= new Map()).set(key, value);
    return true;
  }

  /** The oldest waiting key's latest value. */
  take(): T | undefined {
    const value = this.head;
    const next = this.waitingMore?.entries().next();
    if (next && !next.done) {
      this.waitingMore!.delete(next.value[0]);
      this.head = next.value[1];
    } else {
      this.head = undefined;
      this.waitingMore = null;
    }
    return value;
  }

  get size(): number {
    return (this.head === undefined ? 0 : 1) + (this.waitingMore?.size ?? 0);
  }
}

/** Told when a stream it read to the end has more, or has ended. */
export interface Waker {
  wake(): void;
}

/**
 * A subscription's stream: pulls from a CoalescingQueue, so a slow consumer only gets fewer, newer
 * messages. It is read either as an async iterator or, without a promise per wait, by `poll`.
 */
export class CoalescingIterator<T> implements AsyncIterableIterator<T> {
  private waiter: ((result: IteratorResult<T>) => void) | null = null;
  private reader: Waker | null = null;
  private closed = false;

  constructor(private readonly queue: CoalescingQueue<T>) {}

  /** Runs once, when the stream ends. */
  protected onClose(): void {}

  push(value: T): void {
    if (this.closed || !this.queue.offer(value)) return;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter({ value: this.queue.take() as T, done: false });
    } else this.wakeReader();
  }

  /** The next waiting value; when none waits, undefined, and `reader.wake()` once one does or the stream ends. */
  poll(reader: Waker): T | undefined {
    if (this.closed) return undefined;
    const value = this.queue.take();
    if (value === undefined) this.reader = reader;
    return value;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    const value = this.queue.take();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.onClose();
      this.waiter?.({ value: undefined, done: true });
      this.waiter = null;
      this.wakeReader();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private wakeReader(): void {
    const reader = this.reader;
    this.reader = null;
    reader?.wake();
  }
}
