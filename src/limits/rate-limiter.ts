/**
 * Fixed-window counter per key (an IP, a username): at most `limit` hits per `windowMs`.
 * In-process: each api replica limits on its own, which is enough to blunt floods and
 * password guessing (the per-user lock in the database holds across replicas).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts a hit; returns 0 when allowed, else the milliseconds until the window resets. */
  hit(key: string, now = Date.now()): number {
    this.sweep(now);
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (!w && this.windows.size >= this.maxKeys) return this.windowMs;
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w.count > this.limit ? w.start + this.windowMs - now : 0;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}

/**
 * A token bucket: `capacity` hits at once, refilled at `perMinute` a minute. One per WebSocket
 * connection for its subscribe messages, so a client cannot churn subscriptions (each starts
 * with a database read of the current state) while staying under the concurrent limit.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly perMinute: number,
    now = Date.now(),
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes a token; returns 0 when allowed, else the milliseconds until one is back. */
  take(now = Date.now()): number {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.perMinute) / 60_000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute);
  }
}
