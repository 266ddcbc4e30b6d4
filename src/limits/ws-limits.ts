/** Open anonymous connections per IP address, capped. */
export class ConnectionsPerIp {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** False (and nothing counted) when the address is at its limit. */
  acquire(ip: string): boolean {
    const n = this.open.get(ip) ?? 0;
    if (n >= this.max) return false;
    this.open.set(ip, n + 1);
    return true;
  }

  release(ip: string): void {
    const n = this.open.get(ip) ?? 0;
    if (n <= 1) this.open.delete(ip);
    else this.open.set(ip, n - 1);
  }

  count(ip: string): number {
    return this.open.get(ip) ?? 0;
  }
}

/**
 * Whether a client is too slow: data has been waiting to go to it, without a break, for longer
 * than the limit. Returns when the wait began (null: nothing waiting) and the verdict.
 */
export function slowClientCheck(
  bufferedBytes: number,
  waitingSince: number | null,
  now: number,
  limitMs: number,
): { waitingSince: number | null; drop: boolean } {
  if (bufferedBytes === 0) return { waitingSince: null, drop: false };
  const since = waitingSince ?? now;
  return { waitingSince: since, drop: now - since > limitMs };
}

/**
 * The caller's address behind `trustedHops` reverse proxies (TRUST_PROXY): each proxy appends
 * the address it received from to X-Forwarded-For, so the one `trustedHops` from the end is the
 * last address no trusted proxy could have forged.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const remote = remoteAddress ?? 'unknown';
  if (trustedHops <= 0 || !forwardedFor) return remote;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const chain = [
    ...header
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    remote,
  ];
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}
