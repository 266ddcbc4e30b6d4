/**
 * Answers kept per key until a change that may touch them is seen. A value is kept only when
 * no change was seen while it was being read, so it is never older than a change this process
 * already saw; `maxAgeMs` bounds how long a change missed altogether (pub/sub down) can go
 * unnoticed. Concurrent misses of one key share one read.
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
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at <= this.maxAgeMs) return Promise.resolve(hit.value);
    const pending = this.reading.get(key);
    if (pending && pending.generation === this.generation) return pending.value;
    const generation = this.generation;
    const at = this.now();
    const value = read().then((v) => {
      if (generation === this.generation) {
        // Oldest first: a Map iterates in insertion order.
        if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, { filter, value: v, at });
      }
      return v;
    });
    this.reading.set(key, { generation, value });
    const done = () => {
      if (this.reading.get(key)?.value === value) this.reading.delete(key);
    };
    value.then(done, done);
    return value;
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
