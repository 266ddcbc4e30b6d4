import { PAYER_STATUSES } from '../beds/payer-status';
import { checkEligibility } from './eligibility';

describe('eligibility', () => {
  it('covers emergency patients with no JKN/BPJS or inactive JKN/BPJS', () => {
    expect(checkEligibility({ emergency: true, nik: '5371010101010001', payerStatus: 'NO_BPJS' })).toEqual({ eligible: true, ground: 'NO_BPJS' });
    expect(checkEligibility({ emergency: true, nik: '5371010101010001', payerStatus: 'BPJS_INACTIVE' })).toEqual({ eligible: true, ground: 'BPJS_INACTIVE' });
  });

  it('covers emergency patients without a NIK', () => {
    expect(checkEligibility({ emergency: true, nik: null, payerStatus: 'SELF_PAY' })).toEqual({ eligible: true, ground: 'NO_NIK' });
    expect(checkEligibility({ emergency: true, nik: '', payerStatus: 'OTHER_INSURANCE' })).toEqual({ eligible: true, ground: 'NO_NIK' });
  });

  it('refuses active BPJS, with or without a NIK', () => {
    expect(checkEligibility({ emergency: true, nik: '5371010101010001', payerStatus: 'BPJS_ACTIVE' }).eligible).toBe(false);
    expect(checkEligibility({ emergency: true, nik: null, payerStatus: 'BPJS_ACTIVE' }).eligible).toBe(false);
  });

  it('refuses every non-emergency patient', () => {
    for (const payerStatus of PAYER_STATUSES) {
      for (const nik of [null, '5371010101010001']) {
        expect(checkEligibility({ emergency: false, nik, payerStatus }).eligible).toBe(false);
      }
    }
  });

  it('refuses insured or self-paying patients who have a NIK', () => {
    expect(checkEligibility({ emergency: true, nik: '5371010101010001', payerStatus: 'OTHER_INSURANCE' }).eligible).toBe(false);
    expect(checkEligibility({ emergency: true, nik: '5371010101010001', payerStatus: 'SELF_PAY' }).eligible).toBe(false);
  });
});
