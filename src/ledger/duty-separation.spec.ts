import { checkSeparationOfDuties } from './duty-separation';

describe('separation of duties on a claim', () => {
  const actors = { submittedBy: 'ana', verifiedBy: 'budi' };

  it('refuses the submitter as verifier and as payer', () => {
    const verify = checkSeparationOfDuties('VERIFY', 'ana', { submittedBy: 'ana', verifiedBy: null });
    expect(verify).toEqual({ ok: false, message: 'You submitted this claim, so you may not verify it; another VERIFIER user must.' });
    const pay = checkSeparationOfDuties('PAY', 'ana', actors);
    expect(pay).toEqual({ ok: false, message: 'You submitted this claim, so you may not pay it; another FINANCE user must.' });
  });

  it('refuses the verifier as payer', () => {
    expect(checkSeparationOfDuties('PAY', 'budi', actors)).toEqual({
      ok: false,
      message: 'You verified this claim, so you may not pay it; another FINANCE user must.',
    });
  });

  it('lets a third person verify and pay', () => {
    expect(checkSeparationOfDuties('VERIFY', 'budi', { submittedBy: 'ana', verifiedBy: null })).toEqual({ ok: true });
    expect(checkSeparationOfDuties('PAY', 'citra', actors)).toEqual({ ok: true });
  });

  it('does not confuse a missing verifier with the payer', () => {
    expect(checkSeparationOfDuties('PAY', 'citra', { submittedBy: 'ana', verifiedBy: null })).toEqual({ ok: true });
  });
});
