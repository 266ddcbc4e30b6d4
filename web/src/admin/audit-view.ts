// The audit trail's entries in words. Pure.

/** What changed between before and after, field by field ("phone: 0380 1 → 0380 2"). */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown>): string[] {
  const keys = Object.keys(after).filter((k) => k !== 'id' && (before === null || JSON.stringify(before[k]) !== JSON.stringify(after[k])));
  return keys.map((k) => (before === null ? `${k}: ${String(after[k])}` : `${k}: ${String(before[k] ?? '–')} → ${String(after[k] ?? '–')}`));
}
