import { bedCodeFor, bedStatusDecision, compareOrder, isLate, isValidTemplate, mapPayer, placementDecision, sexFits } from './intake-rules';

const at = (s: string) => new Date(s);

describe('order of messages per patient', () => {
  it('sorts by MSH-7, then MSH-13, then arrival', () => {
    const keys = [
      { eventAt: at('2026-01-01T00:02:00Z'), sequence: null, id: 1n },
      { eventAt: at('2026-01-01T00:01:00Z'), sequence: 9n, id: 2n },
      { eventAt: at('2026-01-01T00:01:00Z'), sequence: 3n, id: 3n },
      { eventAt: at('2026-01-01T00:01:00Z'), sequence: null, id: 0n },
    ];
    expect([...keys].sort(compareOrder).map((k) => k.id)).toEqual([0n, 3n, 2n, 1n]);
  });

  it('a message older than the last applied is late; the same time with a larger sequence is not', () => {
    const last = { eventAt: at('2026-01-01T00:01:00Z'), sequence: 5n };
    expect(isLate({ eventAt: at('2026-01-01T00:00:59Z'), sequence: null }, last)).toBe(true);
    expect(isLate({ eventAt: at('2026-01-01T00:01:00Z'), sequence: 4n }, last)).toBe(true);
    expect(isLate({ eventAt: at('2026-01-01T00:01:00Z'), sequence: 6n }, last)).toBe(false);
    expect(isLate({ eventAt: at('2026-01-01T00:01:00Z'), sequence: null }, last)).toBe(false);
    expect(isLate({ eventAt: at('2020-01-01T00:00:00Z'), sequence: null }, null)).toBe(false);
  });
});

describe('mapping', () => {
  it('makes bed codes from the template and checks templates', () => {
    expect(bedCodeFor('M{room}-{bed}', { pointOfCare: 'MAWAR', room: '101', bed: 'A', facility: '' })).toBe('M101-A');
    expect(isValidTemplate('{bed}')).toBe(true);
    expect(isValidTemplate('{room}')).toBe(false);
    expect(isValidTemplate('{bed} x')).toBe(false);
  });

  it('maps financial classes case-insensitively and names the mapped ones when it cannot', () => {
    const table = new Map([
      ['JKN', 'BPJS_ACTIVE'],
      ['', 'SELF_PAY'],
    ]);
    expect(mapPayer('jkn', table)).toEqual({ ok: true, value: 'BPJS_ACTIVE' });
    expect(mapPayer('', table)).toEqual({ ok: true, value: 'SELF_PAY' });
    const no = mapPayer('XYZ', table);
    expect(no.ok).toBe(false);
    if (!no.ok) expect(no.error.text).toMatch(/"XYZ".*mapped: JKN/);
  });

  it('checks PID-8 against a single-sex room', () => {
    expect(sexFits('F', 'FEMALE', '102').ok).toBe(true);
    expect(sexFits('M', 'MIXED', '101').ok).toBe(true);
    expect(sexFits('', 'MALE', '101').ok).toBe(true);
    expect(sexFits('M', 'FEMALE', '102').ok).toBe(false);
  });
});

describe('which source wins', () => {
  it('A20 never ends a status the ward set, never occupies, never empties an occupied bed', () => {
    expect(bedStatusDecision('CLOSED', 'AVAILABLE', 'B1', true)).toMatchObject({ action: 'refuse', text: expect.stringMatching(/set by the ward/) });
    expect(bedStatusDecision('CLOSED', 'AVAILABLE', 'B1', false)).toEqual({ action: 'apply' });
    expect(bedStatusDecision('AVAILABLE', 'OCCUPIED', 'B1', false)).toMatchObject({ action: 'refuse' });
    expect(bedStatusDecision('OCCUPIED', 'CLEANING', 'B1', false)).toMatchObject({ action: 'refuse' });
    expect(bedStatusDecision('CLEANING', 'CLEANING', 'B1', true)).toEqual({ action: 'nothing' });
    expect(bedStatusDecision('CONTAMINATED', 'AVAILABLE', 'B1', false)).toMatchObject({ action: 'refuse', text: expect.stringMatching(/cannot go/) });
  });

  it('a patient goes where the SIMRS says; a bed not ready or taken makes the message wait', () => {
    const patient = { medicalRecordNumber: 'RM-1', currentBedCode: null };
    expect(placementDecision({ code: 'B1', status: 'AVAILABLE', occupantRecordNumber: null }, patient)).toEqual({ action: 'admit' });
    expect(placementDecision({ code: 'B1', status: 'RESERVED', occupantRecordNumber: null }, { ...patient, currentBedCode: 'B0' })).toEqual({
      action: 'transfer',
    });
    expect(placementDecision({ code: 'B1', status: 'OCCUPIED', occupantRecordNumber: 'RM-1' }, { ...patient, currentBedCode: 'B1' })).toEqual({
      action: 'nothing',
    });
    expect(placementDecision({ code: 'B1', status: 'OCCUPIED', occupantRecordNumber: 'RM-2' }, patient)).toMatchObject({
      action: 'hold',
      reason: expect.stringMatching(/RM-2/),
    });
    expect(placementDecision({ code: 'B1', status: 'CLEANING', occupantRecordNumber: null }, patient)).toMatchObject({
      action: 'hold',
      reason: expect.stringMatching(/CLEANING/),
    });
  });
});
