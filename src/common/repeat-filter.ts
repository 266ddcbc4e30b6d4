/**
 * Lets one line per key through per window: a client that reconnects every few hundred
 * milliseconds would otherwise write the same error hundreds of times an outage.
 */
export class RepeatFilter {
  private readonly seen = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The repeats held back since this key's last line, or null when this one is held back too. */
  admit(key: string): number | null {
    const at = this.now();
    const last = this.seen.get(key);
    if (last && at - last.at < this.windowMs) {
      last.suppressed++;
      return null;
    }
    this.seen.set(key, { at, suppressed: 0 });
    // Old keys go, so a flapping service with many messages cannot grow the map for ever.
    if (this.seen.size > 100) for (const [k, v] of this.seen) if (at - v.at >= this.windowMs) this.seen.delete(k);
    return last?.suppressed ?? 0;
  }
}
