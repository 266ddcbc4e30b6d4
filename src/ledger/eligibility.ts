import type { PayerStatus } from '../beds/payer-status';

/**
 * Who the dana pengaman pays for (Perwali Kota Kupang No. 18 Tahun 2025): an emergency (IGD)
 * patient with no NIK, no JKN/BPJS, or inactive JKN/BPJS. The one place this rule lives.
 */
export interface EligibilityFacts {
  emergency: boolean;
  nik: string | null;
  payerStatus: PayerStatus;
}

export type EligibilityGround = 'NO_NIK' | 'NO_BPJS' | 'BPJS_INACTIVE';

export type Eligibility = { eligible: true; ground: EligibilityGround } | { eligible: false; reason: string };

export function checkEligibility(facts: EligibilityFacts): Eligibility {
  if (!facts.emergency) {
    return { eligible: false, reason: 'The fund pays only for emergency (IGD) patients.' };
  }
  if (facts.payerStatus === 'BPJS_ACTIVE') {
    return { eligible: false, reason: 'The patient has active JKN/BPJS, which pays; the fund does not.' };
  }
  if (facts.payerStatus === 'NO_BPJS') return { eligible: true, ground: 'NO_BPJS' };
  if (facts.payerStatus === 'BPJS_INACTIVE') return { eligible: true, ground: 'BPJS_INACTIVE' };
  if (!facts.nik) return { eligible: true, ground: 'NO_NIK' };
  return {
    eligible: false,
    reason: `A patient with a NIK and payer status ${facts.payerStatus} is not covered: the fund pays for no NIK, no JKN/BPJS or inactive JKN/BPJS.`,
  };
}
