import { changedFields, checkBedClass, checkCode, checkSexPolicy, krisProblem, PHONE } from './setup-rules';

describe('setup rules', () => {
  it('accepts codes people type and says what a code may be otherwise', () => {
    expect(checkCode('bed code', ' PD3-01 ')).toEqual({ ok: true, value: 'PD3-01' });
    expect(checkCode('bed code', 'a.b_c')).toEqual({ ok: true, value: 'a.b_c' });
    expect(checkCode('bed code', '-01')).toMatchObject({ ok: false, message: /bed code must be 1-32 letters/ });
    expect(checkCode('bed code', 'kamar 1')).toMatchObject({ ok: false });
    expect(checkCode('bed code', 'x'.repeat(33))).toMatchObject({ ok: false });
  });

  it('reads bed classes and sex policies case-insensitively and lists what is allowed', () => {
    expect(checkBedClass('kelas_3')).toEqual({ ok: true, value: 'KELAS_3' });
    const bad = checkBedClass('KELAS_4');
    expect(bad).toMatchObject({ ok: false });
    expect(!bad.ok && bad.message).toMatch(/VVIP, VIP, KELAS_1, KELAS_2, KELAS_3, ICU/);
    expect(checkSexPolicy('female')).toEqual({ ok: true, value: 'FEMALE' });
    expect(checkSexPolicy('L')).toMatchObject({ ok: false, message: /MALE, FEMALE, MIXED/ });
  });

  it('allows at most four beds in a KRIS room', () => {
    expect(krisProblem({ code: 'K1', kris: true }, 4)).toBeNull();
    expect(krisProblem({ code: 'K1', kris: true }, 5)).toMatch(/at most 4 beds/);
    expect(krisProblem({ code: 'K1', kris: false }, 12)).toBeNull();
  });

  it('checks hotline numbers', () => {
    expect(PHONE.test('+62 380 123-456')).toBe(true);
    expect(PHONE.test('call us')).toBe(false);
  });

  it('keeps only the fields that change', () => {
    expect(changedFields({ a: 1, b: 'x', c: true }, { a: 1, b: 'y', c: undefined })).toEqual({ b: 'y' });
  });
});
