import { checkPeriod, computeIndicators, localDateOf, localDayStart, type IndicatorInput } from './indicators';

/** An instant given in WITA (UTC+8), the hospital's local time. */
const wita = (s: string): Date => new Date(`${s}:00+08:00`);

function november(): string[] {
  const p = checkPeriod('2026-11-01', '2026-11-30');
  if (!p.ok) throw new Error(p.message);
  return p.days;
}

describe('checkPeriod', () => {
  it('lists the local days of an inclusive period and its instants', () => {
    const p = checkPeriod('2026-11-01', '2026-11-30');
    expect(p.ok && p.days.length).toBe(30);
    expect(p.ok && p.start.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(p.ok && p.end.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('refuses malformed dates, reversed and over-long periods', () => {
    expect(checkPeriod('2026-02-30', '2026-03-01')).toEqual({ ok: false, message: 'from must be a date YYYY-MM-DD, got "2026-02-30".' });
    expect(checkPeriod('2026-03-01', '1 March')).toMatchObject({ ok: false });
    expect(checkPeriod('2026-03-02', '2026-03-01')).toEqual({ ok: false, message: 'to (2026-03-01) must not be before from (2026-03-02).' });
    expect(checkPeriod('2025-01-01', '2026-01-02')).toEqual({ ok: false, message: 'The period is 367 days; at most 366 are allowed.' });
  });

  it('uses WITA days', () => {
    expect(localDateOf(new Date('2026-11-01T15:59:59Z'))).toBe('2026-11-01');
    expect(localDateOf(new Date('2026-11-01T16:00:00Z'))).toBe('2026-11-02');
    expect(localDayStart('2026-11-02')?.toISOString()).toBe('2026-11-01T16:00:00.000Z');
  });
});

describe('computeIndicators', () => {
  /**
   * November 2026 (30 days) in one ward "W" with 3 Kelas III beds that exist since October.
   * All times WITA.
   *
   * P1  bed 1  in Nov 1 10:00, out Nov 5 09:00, alive.    census nights Nov 1-4 = 4;  LOS 5-1 = 4
   * P2  bed 2  in Oct 28 08:00, out Nov 3 12:00, alive.   census nights Nov 1-2 = 2;  LOS Nov 3 - Oct 28 = 6
   * P3  bed 3  in Nov 10 08:00, out Nov 10 20:00, died.   same day = 1;                LOS 1 (minimum)
   * P4  bed 1  in Nov 20 14:00, still there.              census nights Nov 20-30 = 11; not discharged
   * P5  bed 2  in Nov 25 09:00, moved to bed 3 Nov 27 10:00, out Nov 29 08:00, outcome not recorded.
   *                                                       census nights Nov 25-28 = 4; LOS 29-25 = 4
   * Cleaning (CLEANING -> AVAILABLE): bed 1 Nov 5 09:00-11:00 = 120 min, bed 2 Nov 3 12:00-13:00
   * = 60, bed 3 Nov 10 20:00-20:30 = 30, bed 2 Nov 27 10:00-10:45 = 45 (bed 3 is still
   * cleaning after P5). Average (120 + 60 + 30 + 45) / 4 = 63.75 min.
   *
   * Bed days 3 × 30 = 90. Patient days 4 + 2 + 1 + 11 + 4 = 22. Discharges 4 (P1, P2, P3, P5),
   * deaths 1, outcome recorded for 3. Total LOS 4 + 6 + 1 + 4 = 15.
   * BOR = 22 / 90 × 100 = 24.44 %; ALOS = 15 / 4 = 3.75 days; TOI = (90 - 22) / 4 = 17 days;
   * BTO = 4 / 3 = 1.33 times.
   */
  const month: IndicatorInput = {
    days: november(),
    beds: [1, 2, 3].map(() => ({ group: 'W', createdAt: wita('2026-10-01T00:00') })),
    occupancies: [
      { group: 'W', stayKey: 'P1', start: wita('2026-11-01T10:00'), end: wita('2026-11-05T09:00') },
      { group: 'W', stayKey: 'P2', start: wita('2026-10-28T08:00'), end: wita('2026-11-03T12:00') },
      { group: 'W', stayKey: 'P3', start: wita('2026-11-10T08:00'), end: wita('2026-11-10T20:00') },
      { group: 'W', stayKey: 'P4', start: wita('2026-11-20T14:00'), end: null },
      { group: 'W', stayKey: 'P5', start: wita('2026-11-25T09:00'), end: wita('2026-11-27T10:00') },
      { group: 'W', stayKey: 'P5', start: wita('2026-11-27T10:00'), end: wita('2026-11-29T08:00') },
    ],
    discharges: [
      { group: 'W', admittedAt: wita('2026-11-01T10:00'), dischargedAt: wita('2026-11-05T09:00'), died: false },
      { group: 'W', admittedAt: wita('2026-10-28T08:00'), dischargedAt: wita('2026-11-03T12:00'), died: false },
      { group: 'W', admittedAt: wita('2026-11-10T08:00'), dischargedAt: wita('2026-11-10T20:00'), died: true },
      { group: 'W', admittedAt: wita('2026-11-25T09:00'), dischargedAt: wita('2026-11-29T08:00'), died: null },
    ],
    cleanings: [
      { group: 'W', start: wita('2026-11-05T09:00'), end: wita('2026-11-05T11:00') },
      { group: 'W', start: wita('2026-11-03T12:00'), end: wita('2026-11-03T13:00') },
      { group: 'W', start: wita('2026-11-10T20:00'), end: wita('2026-11-10T20:30') },
      { group: 'W', start: wita('2026-11-27T10:00'), end: wita('2026-11-27T10:45') },
    ],
  };

  it('gives the hand-worked figures of a scripted month', () => {
    const r = computeIndicators(month);
    expect(r.total).toEqual({
      days: 30,
      beds: 3,
      bedDays: 90,
      patientDays: 22,
      discharges: 4,
      deaths: 1,
      dischargesWithOutcome: 3,
      totalLengthOfStay: 15,
      bor: 24.44,
      alos: 3.75,
      toi: 17,
      bto: 1.33,
      cleanings: 4,
      averageCleaningMinutes: 63.75,
    });
    expect(r.groups.get('W')).toEqual(r.total);
  });

  it('gives a daily series whose patient days add up to the total', () => {
    const { daily } = computeIndicators(month);
    expect(daily).toHaveLength(30);
    // Nov 1: P1 and P2 at the census. Nov 3: P1 only (P2 left at noon).
    expect(daily[0]).toEqual({ date: '2026-11-01', beds: 3, patientDays: 2, discharges: 0, deaths: 0, bor: 66.67 });
    expect(daily[2]).toEqual({ date: '2026-11-03', beds: 3, patientDays: 1, discharges: 1, deaths: 0, bor: 33.33 });
    // Nov 10: P3 came and went the same day, and died.
    expect(daily[9]).toEqual({ date: '2026-11-10', beds: 3, patientDays: 1, discharges: 1, deaths: 1, bor: 33.33 });
    // Nov 27: P4, and P5 (moved beds within the ward: one stay).
    expect(daily[26]).toMatchObject({ date: '2026-11-27', patientDays: 2 });
    expect(daily.reduce((s, d) => s + d.patientDays, 0)).toBe(22);
    expect(daily.reduce((s, d) => s + d.discharges, 0)).toBe(4);
  });

  it('counts a same-day move between wards once for the hospital and once in each ward', () => {
    const days = ['2026-11-01'];
    const r = computeIndicators({
      days,
      beds: [
        { group: 'A', createdAt: wita('2026-10-01T00:00') },
        { group: 'B', createdAt: wita('2026-10-01T00:00') },
      ],
      occupancies: [
        { group: 'A', stayKey: 'P', start: wita('2026-11-01T08:00'), end: wita('2026-11-01T10:00') },
        { group: 'B', stayKey: 'P', start: wita('2026-11-01T10:00'), end: null },
      ],
      discharges: [],
      cleanings: [],
    });
    expect(r.groups.get('A')?.patientDays).toBe(1);
    expect(r.groups.get('B')?.patientDays).toBe(1);
    expect(r.total.patientDays).toBe(1);
    expect(r.total.bor).toBe(50);
    expect(r.total.alos).toBeNull();
    expect(r.total.toi).toBeNull();
    expect(r.total.bto).toBe(0);
  });

  it('counts a bed from the census after it was created, and gives nulls without beds', () => {
    const days = ['2026-11-01', '2026-11-02'];
    const r = computeIndicators({
      days,
      beds: [{ group: 'A', createdAt: wita('2026-11-02T09:00') }],
      occupancies: [],
      discharges: [],
      cleanings: [],
    });
    expect(r.total).toMatchObject({ beds: 1, bedDays: 1, bor: 0, bto: 0, averageCleaningMinutes: null });
    expect(r.daily.map((d) => d.beds)).toEqual([0, 1]);
    expect(r.daily[0].bor).toBeNull();
    const empty = computeIndicators({ days, beds: [], occupancies: [], discharges: [], cleanings: [] });
    expect(empty.total).toMatchObject({ beds: 0, bedDays: 0, bor: null, bto: null, alos: null });
    expect(empty.groups.size).toBe(0);
  });

  it('counts a retired bed on the days before its retirement only', () => {
    const r = computeIndicators({
      days: ['2026-11-01', '2026-11-02', '2026-11-03'],
      beds: [
        { group: 'A', createdAt: wita('2026-10-01T00:00'), retiredAt: wita('2026-11-02T10:00') },
        { group: 'A', createdAt: wita('2026-10-01T00:00'), retiredAt: null },
      ],
      occupancies: [],
      discharges: [],
      cleanings: [],
    });
    expect(r.daily.map((d) => d.beds)).toEqual([2, 1, 1]);
    expect(r.total.bedDays).toBe(4);
  });

  it('counts a patient who left exactly at midnight in the census of the night before', () => {
    const r = computeIndicators({
      days: ['2026-11-01', '2026-11-02'],
      beds: [{ group: 'A', createdAt: wita('2026-10-01T00:00') }],
      occupancies: [{ group: 'A', stayKey: 'P', start: wita('2026-10-30T12:00'), end: wita('2026-11-02T00:00') }],
      discharges: [],
      cleanings: [],
    });
    // In the whole of Nov 1, out at its census instant: one day for Nov 1, none for Nov 2.
    expect(r.daily.map((d) => d.patientDays)).toEqual([1, 0]);
  });
});
