/**
 * Open anonymous live connections of one kind (WebSocket, or Server-Sent Events): at most `perIp` from
 * one address and `total` in the whole process. A carrier's NAT puts hundreds of phones behind
 * one address, so `perIp` only stops one client from taking every place; `total` is what keeps
 * the process within its memory and sockets.
 */
export class ConnectionsPerIp {
  private readonly open = new Map<string, number>();
  private all = 0;

  constructor(
    private readonly perIp: number,
    private readonly total = Number.POSITIVE_INFINITY,
  ) {}

  /** False (and nothing counted) when the address or the process is at its limit. */
  acquire(ip: string): boolean {
    const n = this.open.get(ip) ?? 0;
    if (n >= this.perIp || this.all >= this.total) return false;
    this.open.set(ip, n + 1);
    this.all++;
    return true;
  }

  release(ip: string): void {
    const n = this.open.get(ip) ?? 0;
    if (n === 0) return;
    this.all--;
    if (n === 1) this.open.delete(ip);
    else this.open.set(ip, n - 1);
  }

  count(ip: string): number {
    return this.open.get(ip) ?? 0;
  }

  get size(): number {
    return this.all;
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
