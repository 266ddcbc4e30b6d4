import type { Figures, IndicatorResult } from './indicators';
import { allFigures, publicFigures, SMALL_COUNT_THRESHOLD } from './public-figures';

const fig = (discharges: number, over: Partial<Figures> = {}): Figures => ({
  days: 30,
  beds: 10,
  bedDays: 300,
  patientDays: 200,
  discharges,
  deaths: discharges > 0 ? 1 : 0,
  dischargesWithOutcome: discharges,
  totalLengthOfStay: discharges * 4,
  bor: 66.67,
  alos: discharges > 0 ? 4 : null,
  toi: discharges > 0 ? 100 / discharges : null,
  bto: discharges / 10,
  cleanings: 3,
  averageCleaningMinutes: 42,
  ...over,
});

const result = (groups: number[]): IndicatorResult => ({
  total: fig(groups.reduce((a, b) => a + b, 0)),
  groups: new Map(groups.map((n, i) => [`g${i}`, fig(n)])),
  daily: [
    { date: '2026-09-01', beds: 10, patientDays: 7, discharges: 2, deaths: 1, bor: 70 },
    { date: '2026-09-02', beds: 10, patientDays: 6, discharges: 0, deaths: 0, bor: 60 },
  ],
});

describe('public bed indicators (small-count suppression)', () => {
  it('uses a threshold of 5', () => {
    expect(SMALL_COUNT_THRESHOLD).toBe(5);
  });

  it('withholds the discharge figures of a ward and class with 1 to 4 discharges, and then the total too', () => {
    const shown = publicFigures(result([12, 3, 0]));
    expect(shown.groups.get('g0')).toMatchObject({ discharges: 12, alos: 4, suppressed: false });
    expect(shown.groups.get('g1')).toMatchObject({
      discharges: null,
      dischargesWithOutcome: null,
      totalLengthOfStay: null,
      alos: null,
      toi: null,
      bto: null,
      suppressed: true,
    });
    // Occupancy figures stay: bed states are public anyway.
    expect(shown.groups.get('g1')).toMatchObject({ beds: 10, bedDays: 300, patientDays: 200, bor: 66.67, cleanings: 3 });
    expect(shown.groups.get('g2')).toMatchObject({ discharges: 0, suppressed: false });
    // 15 - 12 would give the withheld 3 back.
    expect(shown.total).toMatchObject({ discharges: null, alos: null, suppressed: true });
  });

  it('shows the total and every group when none is small', () => {
    const shown = publicFigures(result([5, 7, 0]));
    expect(shown.total).toMatchObject({ discharges: 12, suppressed: false });
    expect([...shown.groups.values()].every((g) => !g.suppressed)).toBe(true);
  });

  it('withholds a small total even with a single group', () => {
    expect(publicFigures(result([1])).total).toMatchObject({ discharges: null, suppressed: true });
    expect(publicFigures(result([0])).total).toMatchObject({ discharges: 0, suppressed: false });
  });

  it('gives anonymous callers no daily discharges', () => {
    const shown = publicFigures(result([12]));
    expect(shown.daily).toEqual([
      { date: '2026-09-01', beds: 10, patientDays: 7, discharges: null, deaths: 1, bor: 70, suppressed: true },
      { date: '2026-09-02', beds: 10, patientDays: 6, discharges: null, deaths: 0, bor: 60, suppressed: true },
    ]);
  });

  it('leaves everything to logged-in callers', () => {
    const shown = allFigures(result([12, 3]));
    expect(shown.groups.get('g1')).toMatchObject({ discharges: 3, suppressed: false });
    expect(shown.total).toMatchObject({ discharges: 15, suppressed: false });
    expect(shown.daily[0]).toMatchObject({ discharges: 2, suppressed: false });
  });
});
