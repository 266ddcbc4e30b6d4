/**
 * Messages waiting for one subscriber, at most one per key (a ward and class, or a bed): a newer
 * message replaces the waiting one in place, and a message not newer than one already accepted
 * for its key is dropped. So a slow subscriber costs memory bounded by its keys, a burst reaches
 * it as its latest counts, and it never sees an older count after a newer one.
 */
export class CoalescingQueue<T> {
  private readonly pending = new Map<string, T>();
  private readonly accepted = new Map<string, bigint>();

  constructor(
    private readonly keyOf: (value: T) => string,
    private readonly seqOf: (value: T) => bigint,
  ) {}

  /** False when the value is not newer than one already accepted for its key. */
  offer(value: T): boolean {
    const key = this.keyOf(value);
    const seq = this.seqOf(value);
    const last = this.accepted.get(key);
    if (last !== undefined && seq <= last) return false;
    this.accepted.set(key, seq);
    this.pending.set(key, value);
    return true;
  }

  /** The oldest waiting key's latest value. */
  take(): T | undefined {
    const first = this.pending.entries().next();
    if (first.done) return undefined;
    this.pending.delete(first.value[0]);
    return first.value[1];
  }

  get size(): number {
    return this.pending.size;
  }
}

/** A subscription's stream: pulls from a CoalescingQueue, so a slow consumer only gets fewer, newer messages. */
export class CoalescingIterator<T> implements AsyncIterableIterator<T> {
  private waiter: ((result: IteratorResult<T>) => void) | null = null;
  private closed = false;

  constructor(
    private readonly queue: CoalescingQueue<T>,
    private readonly onClose: () => void,
  ) {}

  push(value: T): void {
    if (this.closed || !this.queue.offer(value) || !this.waiter) return;
    const waiter = this.waiter;
    this.waiter = null;
    waiter({ value: this.queue.take() as T, done: false });
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
}
