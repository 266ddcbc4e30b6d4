/**
 * What anonymous callers get of the bed indicators. Bed states are public (availability, FHIR),
 * so occupancy figures (beds, bed days, patient days, BOR, cleanings) stay; what could single
 * out a patient does not:
 * - deaths are never anonymous (the access matrix refuses them);
 * - discharge figures (discharges, outcomes recorded, length of stay, ALOS, TOI, BTO) of a ward
 *   and class with 1 to SMALL_COUNT_THRESHOLD - 1 discharges are withheld: ALOS of one discharge
 *   is that patient's stay;
 * - the total's discharge figures are withheld too when it is small or any ward and class is
 *   withheld (else total minus the others gives the withheld one back);
 * - the daily series carries no discharges: a day is what ties a discharge to a bed's public
 *   status change.
 * Withheld figures are null, with `suppressed: true` on their row. Pure: no framework here.
 */
import type { DailyFigures, Figures, IndicatorResult } from './indicators';

export const SMALL_COUNT_THRESHOLD = 5;

/** The figures withheld from a small group: each is a count of, or derived from, its discharges. */
type DischargeFigure = 'discharges' | 'dischargesWithOutcome' | 'totalLengthOfStay' | 'alos' | 'toi' | 'bto';

export type ShownFigures = Omit<Figures, DischargeFigure> & { [K in DischargeFigure]: Figures[K] | null } & { suppressed: boolean };
export type ShownDay = Omit<DailyFigures, 'discharges'> & { discharges: number | null; suppressed: boolean };

export interface ShownResult {
  total: ShownFigures;
  groups: Map<string, ShownFigures>;
  daily: ShownDay[];
}

const isSmall = (discharges: number, threshold: number): boolean => discharges > 0 && discharges < threshold;

function withhold(f: Figures, suppressed: boolean): ShownFigures {
  if (!suppressed) return { ...f, suppressed: false };
  return { ...f, discharges: null, dischargesWithOutcome: null, totalLengthOfStay: null, alos: null, toi: null, bto: null, suppressed: true };
}

/** Everything, as computed: for logged-in callers. */
export function allFigures(result: IndicatorResult): ShownResult {
  return {
    total: withhold(result.total, false),
    groups: new Map([...result.groups].map(([k, f]) => [k, withhold(f, false)])),
    daily: result.daily.map((d) => ({ ...d, suppressed: false })),
  };
}

/** The anonymous view, by the rules above. */
export function publicFigures(result: IndicatorResult, threshold = SMALL_COUNT_THRESHOLD): ShownResult {
  const groups = new Map([...result.groups].map(([k, f]) => [k, withhold(f, isSmall(f.discharges, threshold))]));
  const anyWithheld = [...groups.values()].some((g) => g.suppressed);
  return {
    total: withhold(result.total, anyWithheld || isSmall(result.total.discharges, threshold)),
    groups,
    daily: result.daily.map((d) => ({ ...d, discharges: null, suppressed: true })),
  };
}
