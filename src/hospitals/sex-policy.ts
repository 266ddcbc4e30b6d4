/** Who a room takes: men, women, or both (BPJS Aplicares reports free beds per sex). */
export const SEX_POLICIES = ['MALE', 'FEMALE', 'MIXED'] as const;
export type SexPolicy = (typeof SEX_POLICIES)[number];

export function isSexPolicy(value: string): value is SexPolicy {
  return (SEX_POLICIES as readonly string[]).includes(value);
}
