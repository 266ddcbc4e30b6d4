/**
 * Lock and stalled-check timing of the ledger worker for a takeover bound `boundMs`.
 *
 * A dead worker's job is found by the next stalled check after its lock ran out, so the worst
 * case is lockDuration + stalledInterval. Splitting the bound between the two keeps the worst
 * case at the bound (a live worker renews its lock every lockDuration / 2).
 */
export function takeoverTiming(boundMs: number): { lockDuration: number; stalledInterval: number } {
  const stalledInterval = Math.max(250, Math.round(boundMs / 5));
  return { lockDuration: boundMs - stalledInterval, stalledInterval };
}
