import { createHash, timingSafeEqual } from 'node:crypto';

export type MetricsAccess = 'allow' | 'unauthorized' | 'off';

/**
 * Who may scrape /metrics (it shows fund balances and traffic). In production only a caller
 * with `Authorization: Bearer <METRICS_TOKEN>`, and nobody when no token is configured (the
 * endpoint is then off). Outside production it is open unless a token is configured.
 */
export function metricsAccess(production: boolean, token: string | undefined, authorization: string | undefined): MetricsAccess {
  if (!token) return production ? 'off' : 'allow';
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  return match && sameSecret(match[1], token) ? 'allow' : 'unauthorized';
}

/** Constant-time comparison: digests have one length, so neither length nor content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
