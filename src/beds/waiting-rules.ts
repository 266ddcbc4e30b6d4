/**
 * The waiting list against the free beds. Pure: no framework imports.
 *
 * An entry names a class and, optionally, a ward. One naming no ward waits for a bed of its
 * class in any ward of the hospital, so it stands before a newcomer in every such ward.
 */

export interface WaitingCounts {
  available: number;
  /** Entries naming this ward and class. */
  waiting: number;
  /** Entries of this class naming no ward (the hospital's). */
  waitingAnyWard: number;
}

/** Free beds left for a patient who arrives now: 0 when those already waiting take every free bed. */
export function availableForNewcomer(c: WaitingCounts): number {
  return Math.max(0, c.available - c.waiting - c.waitingAnyWard);
}

/**
 * Spreads each class's entries that name no ward over the wards of that class, so that each
 * entry is counted once (RS Online's `antrian` per row adds up to the real queue): each goes to
 * the ward with the most free beds left after its own queue, ties by ward name; with no rows
 * of its class, an entry is not counted in any.
 */
export function queuePerRow<T extends WaitingCounts & { wardName: string; bedClass: string }>(rows: T[]): number[] {
  const queue = rows.map((r) => r.waiting);
  const left = rows.map((r) => r.available - r.waiting);
  const classes = new Map<string, number[]>();
  rows.forEach((r, i) => classes.set(r.bedClass, [...(classes.get(r.bedClass) ?? []), i]));
  for (const indexes of classes.values()) {
    // Every row of a class carries the same hospital-wide count.
    const anyWard = rows[indexes[0]].waitingAnyWard;
    for (let n = 0; n < anyWard; n++) {
      const best = indexes.reduce((a, b) => (left[b] > left[a] || (left[b] === left[a] && rows[b].wardName < rows[a].wardName) ? b : a));
      queue[best] += 1;
      left[best] -= 1;
    }
  }
  return queue;
}
