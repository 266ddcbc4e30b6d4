export const PAYER_STATUSES = ['BPJS_ACTIVE', 'BPJS_INACTIVE', 'NO_BPJS', 'OTHER_INSURANCE', 'SELF_PAY'] as const;
export type PayerStatus = (typeof PAYER_STATUSES)[number];
