export const ROLES = ['ADMIN', 'WARD_STAFF', 'ADMISSIONS', 'VERIFIER', 'FINANCE', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Separation of duties on the emergency fund: the one who submits a claim, the one who
 * verifies it and the one who pays it are different people, so no user holds two of these.
 */
export const EXCLUSIVE_ROLES = ['ADMISSIONS', 'VERIFIER', 'FINANCE'] as const satisfies readonly Role[];

/** Why this set of roles may not be given to one user, or null when it may. */
export function roleCombinationProblem(roles: readonly Role[]): string | null {
  const held = EXCLUSIVE_ROLES.filter((r) => roles.includes(r));
  if (held.length <= 1) return null;
  return `A user may hold at most one of ${EXCLUSIVE_ROLES.join(', ')} (who submits, who verifies and who pays a claim must be different people); got ${held.join(' and ')}.`;
}
