export const ROLES = ['ADMIN', 'WARD_STAFF', 'ADMISSIONS', 'VERIFIER', 'FINANCE', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];
