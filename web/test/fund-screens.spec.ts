import { jest } from '@jest/globals';
import { dutyConflict, screensFor, verifiedBy } from '../src/dana/duties';
import { evidenceProblem, exportQuery } from '../src/dana/files';
import { amountField, atMost, parseAmountInput, rupiah } from '../src/dana/money';
import { RequestError } from '../src/shared/graphql';
import { ERROR_TEXT } from '../src/shared/messages';
import { fundErrorText, serverDetail, witaEndOf, witaStartOf, witaToday } from '../src/dana/texts';

describe('fund screens: rupiah', () => {
  it('shows whole rupiah with id-ID grouping, from the scalar string or bigint, beyond 2^53', () => {
    expect(rupiah('3000000000')).toBe('Rp3.000.000.000');
    expect(rupiah('0')).toBe('Rp0');
    expect(rupiah('999')).toBe('Rp999');
    expect(rupiah(1000n)).toBe('Rp1.000');
    expect(rupiah('9007199254740993')).toBe('Rp9.007.199.254.740.993');
    expect(() => rupiah('1.5')).toThrow();
  });

  it('reads what a person types into the scalar string, with or without thousands dots or "Rp"', () => {
    for (const typed of ['3000000', '3.000.000', 'Rp3.000.000', 'Rp 3.000.000', ' rp. 3 000 000 ']) {
      expect(parseAmountInput(typed)).toEqual({ ok: true, value: '3000000' });
    }
    expect(parseAmountInput('9007199254740993')).toEqual({ ok: true, value: '9007199254740993' });
    expect(parseAmountInput(amountField('2500000'))).toEqual({ ok: true, value: '2500000' });
  });

  it('refuses fractions, signs, letters, misplaced dots, zero and empty, saying why', () => {
    for (const typed of ['', '  ', '3.000.000,50', '3000,5', '-5000', '5e6', 'tiga juta', '3.00.000', '30.00', '0', '000']) {
      const parsed = parseAmountInput(typed);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.length).toBeGreaterThan(10);
    }
    expect(parseAmountInput('99999999999999999999')).toEqual({ ok: false, error: 'Jumlah terlalu besar.' });
  });

  it('compares amounts as bigint', () => {
    expect(atMost('9007199254740992', '9007199254740993')).toBe(true);
    expect(atMost('9007199254740994', '9007199254740993')).toBe(false);
    expect(atMost('5', '5')).toBe(true);
  });
});

describe('fund screens: roles and duties', () => {
  it('gives each role the screens of its work, in the order of a claim', () => {
    expect(screensFor(['ADMISSIONS'])).toEqual(['submit']);
    expect(screensFor(['VERIFIER'])).toEqual(['verify']);
    expect(screensFor(['FINANCE'])).toEqual(['pay', 'audit']);
    expect(screensFor(['AUDITOR'])).toEqual(['audit']);
    expect(screensFor(['WARD_STAFF'])).toEqual([]);
    expect(screensFor(['ADMIN'])).toEqual([]);
    expect(screensFor(['AUDITOR', 'ADMISSIONS', 'VERIFIER'])).toEqual(['submit', 'verify', 'audit']);
  });

  const claim = (submittedBy: string, history: { action: string; actorId: string | null }[] = []) => ({ submittedBy, history });

  it('does not offer verifying to the submitter, nor paying to the submitter or the verifier', () => {
    const submitted = claim('u-1', [
      { action: 'SUBMIT', actorId: 'u-1' },
      { action: 'HOLD', actorId: null },
    ]);
    expect(dutyConflict('VERIFY', 'u-1', submitted)).toMatch(/Anda yang mengajukan klaim ini/);
    expect(dutyConflict('VERIFY', 'u-2', submitted)).toBeNull();
    const verified = claim('u-1', [...submitted.history, { action: 'VERIFY', actorId: 'u-2' }]);
    expect(verifiedBy(verified)).toBe('u-2');
    expect(dutyConflict('PAY', 'u-1', verified)).toMatch(/mengajukan/);
    expect(dutyConflict('PAY', 'u-2', verified)).toMatch(/memverifikasi/);
    expect(dutyConflict('PAY', 'u-3', verified)).toBeNull();
    expect(verifiedBy(submitted)).toBeNull();
  });
});

describe('fund screens: files and dates', () => {
  it('tells a file that cannot be evidence before sending it', () => {
    expect(evidenceProblem({ name: 'resume.pdf', size: 1000 })).toBeNull();
    expect(evidenceProblem({ name: 'FOTO.JPG', size: 5 * 1024 * 1024 })).toBeNull();
    expect(evidenceProblem({ name: 'scan.png', size: 5 * 1024 * 1024 + 1 })).toMatch(/5 MB/);
    expect(evidenceProblem({ name: 'catatan.docx', size: 10 })).toMatch(/PDF, JPEG atau PNG/);
    expect(evidenceProblem({ name: 'kosong.pdf', size: 0 })).toMatch(/kosong/);
  });

  it('builds the export query without empty keys', () => {
    expect(exportQuery({ fundId: 'f', status: null, from: '', sep: ';' })).toBe('?fundId=f&sep=%3B');
    expect(exportQuery({})).toBe('');
  });

  it('takes WITA days as the bounds of the filters', () => {
    expect(witaStartOf('2026-03-01')).toBe('2026-03-01T00:00:00+08:00');
    expect(witaEndOf('2026-02-28')).toBe('2026-03-01T00:00:00+08:00');
    expect(witaEndOf('2026-12-31')).toBe('2027-01-01T00:00:00+08:00');
    // 16:30 UTC on 31 December is already 1 January in Kupang.
    expect(witaToday(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
  });
});

describe('fund screens: refusals in Bahasa Indonesia', () => {
  const refused = (code: string) => new RequestError(code, 'You submitted this claim, so you may not verify it; another VERIFIER user must.');
  beforeAll(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));

  it('says a refused verification or payment is the separation of duties, an SP2D used twice is named', () => {
    expect(fundErrorText(refused('FORBIDDEN'), 'VERIFY')).toMatch(/harus orang yang berbeda/);
    expect(fundErrorText(refused('FORBIDDEN'), 'PAY')).toMatch(/harus orang yang berbeda/);
    expect(fundErrorText(refused('DUPLICATE'), 'PAY')).toMatch(/SP2D/);
    expect(fundErrorText(refused('INVALID_TRANSITION'), 'VERIFY')).toMatch(/Status klaim sudah berubah/);
    expect(fundErrorText(refused('RATE_LIMITED'), 'READ')).toBe(ERROR_TEXT.RATE_LIMITED);
    expect(fundErrorText(new Error('boom'), 'READ')).toBe(ERROR_TEXT.UNKNOWN);
    expect(serverDetail(refused('FORBIDDEN'))).toMatch(/You submitted/);
    expect(serverDetail(new RequestError('NETWORK', 'Failed to fetch'))).toBeNull();
  });
});
