/**
 * Answers kept per key until a change that may touch them is seen. A value is kept only when
 * no change was seen while it was being read, so it is never older than a change this process
 * already saw; `maxAgeMs` bounds how long a change missed altogether (pub/sub down) can go
 * unnoticed. Concurrent misses of one key share one read. When full, the least recently used
 * entry goes.
 */
export class ResponseCache<F, V> {
  private readonly entries = new Map<string, { filter: F; value: V; at: number }>();
  private readonly reading = new Map<string, { generation: number; value: Promise<V> }>();
  /** Bumped by every change: a read begun before it may hold older counts. */
  private generation = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, filter: F, read: () => Promise<V>): Promise<V> {
    const hit = this.peek(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const pending = this.reading.get(key);
    if (pending && pending.generation === this.generation) return pending.value;
    const fill = this.begin();
    const value = read().then((v) => {
      this.put(fill, key, filter, v);
      return v;
    });
    this.reading.set(key, { generation: fill.generation, value });
    const done = () => {
      if (this.reading.get(key)?.value === value) this.reading.delete(key);
    };
    value.then(done, done);
    return value;
  }

  /** The kept value of `key`, if any and young enough. */
  peek(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.at > this.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Most recently used last: a Map iterates in insertion order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  /** Starts a read that happens elsewhere; `put` keeps its value only if no change was seen since. */
  begin(): Fill {
    return { generation: this.generation, at: this.now() };
  }

  /** Keeps `value` unless a change was seen since `fill` began; returns whether it was kept. */
  put(fill: Fill, key: string, filter: F, value: V): boolean {
    if (fill.generation !== this.generation) return false;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { filter, value, at: fill.at });
    return true;
  }

  /** A change was seen: drops what it may touch (everything, when `touches` is not given). */
  changed(touches?: (filter: F) => boolean): void {
    this.generation++;
    if (!touches) return this.entries.clear();
    for (const [key, entry] of this.entries) if (touches(entry.filter)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A read in progress: the generation it began in, and when (its value's age counts from then). */
export interface Fill {
  readonly generation: number;
  readonly at: number;
}
