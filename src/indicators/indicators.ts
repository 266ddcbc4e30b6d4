/**
 * Barber-Johnson bed indicators as Indonesian hospitals report them (Depkes RI), computed from
 * the bed history. Pure: no framework imports, so the rules are unit-tested on hand-worked data.
 *
 * Conventions (the ones of the daily inpatient census, "sensus harian rawat inap"):
 * - Days are calendar days in the hospital's time zone (WITA, UTC+8, no daylight saving).
 * - Patient days (hari perawatan) of a day = patients present at the census at the end of the
 *   day (24:00) + patients who came and left within that day (each counts one day).
 * - A patient's stay in a group is their bed occupancies there joined end to start, so a move
 *   between two beds of the same group is not a new stay.
 * - Length of stay of a discharged patient = discharge date - admission date, at least 1 day.
 * - Beds = beds that exist at the day's census; bed days = the sum of beds over the days.
 *
 * BOR = patient days / bed days × 100; ALOS = total length of stay / discharges;
 * TOI = (bed days - patient days) / discharges; BTO = discharges / average beds.
 */

export const HOSPITAL_UTC_OFFSET_MINUTES = 8 * 60;
const DAY_MS = 86_400_000;
const OFFSET_MS = HOSPITAL_UTC_OFFSET_MINUTES * 60_000;
export const MAX_PERIOD_DAYS = 366;

/** A calendar day "YYYY-MM-DD" in the hospital's time zone. */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Start of a local day as an instant; null when the text is not a real calendar date. */
export function localDayStart(date: LocalDate): Date | null {
  const m = LOCAL_DATE.exec(date);
  if (!m) return null;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(utc);
  if (back.getUTCFullYear() !== Number(m[1]) || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) return null;
  return new Date(utc - OFFSET_MS);
}

/** The local calendar day an instant falls on. */
export function localDateOf(at: Date): LocalDate {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole local days from one instant's date to another's. */
function dateDiffDays(from: Date, to: Date): number {
  return Math.round((localDayStart(localDateOf(to))!.getTime() - localDayStart(localDateOf(from))!.getTime()) / DAY_MS);
}

export type PeriodCheck = { ok: true; start: Date; end: Date; days: LocalDate[] } | { ok: false; message: string };

/** An inclusive period of local days, at most MAX_PERIOD_DAYS long. */
export function checkPeriod(from: LocalDate, to: LocalDate): PeriodCheck {
  const start = localDayStart(from);
  const last = localDayStart(to);
  if (!start) return { ok: false, message: `from must be a date YYYY-MM-DD, got ${JSON.stringify(from)}.` };
  if (!last) return { ok: false, message: `to must be a date YYYY-MM-DD, got ${JSON.stringify(to)}.` };
  const count = Math.round((last.getTime() - start.getTime()) / DAY_MS) + 1;
  if (count < 1) return { ok: false, message: `to (${to}) must not be before from (${from}).` };
  if (count > MAX_PERIOD_DAYS) return { ok: false, message: `The period is ${count} days; at most ${MAX_PERIOD_DAYS} are allowed.` };
  const days = Array.from({ length: count }, (_, i) => localDateOf(new Date(start.getTime() + i * DAY_MS)));
  return { ok: true, start, end: new Date(start.getTime() + count * DAY_MS), days };
}

/** A bed of a group, existing from `createdAt` (its first history event) until it is retired. */
export interface BedInput {
  group: string;
  createdAt: Date;
  retiredAt?: Date | null;
}

/** One bed occupancy: from entering OCCUPIED to the next event of that bed (null: still there). */
export interface OccupancyInput {
  group: string;
  /** The admission; occupancies of one admission in one group are joined. Falls back to the bed. */
  stayKey: string;
  start: Date;
  end: Date | null;
}

export interface DischargeInput {
  group: string;
  admittedAt: Date;
  dischargedAt: Date;
  /** Null when the outcome was not recorded. */
  died: boolean | null;
}

export interface CleaningInput {
  group: string;
  /** When the bed entered CLEANING. */
  start: Date;
  /** When it became AVAILABLE. */
  end: Date;
}

export interface IndicatorInput {
  days: LocalDate[];
  beds: BedInput[];
  occupancies: OccupancyInput[];
  discharges: DischargeInput[];
  cleanings: CleaningInput[];
}

export interface Figures {
  days: number;
  /** Beds at the last day's census. */
  beds: number;
  bedDays: number;
  patientDays: number;
  discharges: number;
  deaths: number;
  /** Discharges whose outcome (alive or died) was recorded. */
  dischargesWithOutcome: number;
  totalLengthOfStay: number;
  /** Percent, two decimals; null without beds. */
  bor: number | null;
  /** Days, two decimals; null without discharges. */
  alos: number | null;
  toi: number | null;
  /** Discharges per bed over the period, two decimals; null without beds. */
  bto: number | null;
  cleanings: number;
  /** Minutes, two decimals; null when no bed went from cleaning to available. */
  averageCleaningMinutes: number | null;
}

export interface DailyFigures {
  date: LocalDate;
  beds: number;
  patientDays: number;
  discharges: number;
  deaths: number;
  bor: number | null;
}

export interface IndicatorResult {
  total: Figures;
  groups: Map<string, Figures>;
  daily: DailyFigures[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const ratio = (a: number, b: number, scale = 1): number | null => (b === 0 ? null : round2((a / b) * scale));

interface Stay {
  start: Date;
  end: Date | null;
}

/** Joins the occupancies of one stay that follow each other (a move between beds of a group). */
function staysOf(occupancies: OccupancyInput[], keyOf: (o: OccupancyInput) => string): Stay[] {
  const byKey = new Map<string, OccupancyInput[]>();
  for (const o of occupancies) {
    const key = keyOf(o);
    const list = byKey.get(key) ?? [];
    list.push(o);
    byKey.set(key, list);
  }
  const stays: Stay[] = [];
  for (const list of byKey.values()) {
    list.sort((a, b) => a.start.getTime() - b.start.getTime());
    let current: Stay | null = null;
    for (const o of list) {
      if (current && current.end !== null && current.end.getTime() === o.start.getTime()) {
        current.end = o.end;
      } else {
        if (current) stays.push(current);
        current = { start: o.start, end: o.end };
      }
    }
    if (current) stays.push(current);
  }
  return stays;
}

/** Patient days per day: present at the end-of-day census, or came and left within the day. */
function patientDaysPerDay(days: LocalDate[], stays: Stay[]): number[] {
  return days.map((day) => {
    const dayStart = localDayStart(day)!.getTime();
    const census = dayStart + DAY_MS;
    let n = 0;
    for (const s of stays) {
      const start = s.start.getTime();
      const end = s.end === null ? Infinity : s.end.getTime();
      // Leaving at the census instant still counts as present for that night.
      const present = start < census && end >= census;
      const withinDay = start >= dayStart && end < census;
      if (present || withinDay) n += 1;
    }
    return n;
  });
}

function bedsPerDay(days: LocalDate[], beds: BedInput[]): number[] {
  return days.map((day) => {
    const census = localDayStart(day)!.getTime() + DAY_MS;
    return beds.filter((b) => b.createdAt.getTime() < census && (!b.retiredAt || b.retiredAt.getTime() >= census)).length;
  });
}

function figures(days: LocalDate[], beds: BedInput[], stays: Stay[], discharges: DischargeInput[], cleanings: CleaningInput[]): Figures {
  const perDayBeds = bedsPerDay(days, beds);
  const bedDays = perDayBeds.reduce((a, b) => a + b, 0);
  const patientDays = patientDaysPerDay(days, stays).reduce((a, b) => a + b, 0);
  const totalLengthOfStay = discharges.reduce((sum, d) => sum + Math.max(1, dateDiffDays(d.admittedAt, d.dischargedAt)), 0);
  const n = discharges.length;
  const cleaningMinutes = cleanings.reduce((sum, c) => sum + (c.end.getTime() - c.start.getTime()) / 60_000, 0);
  return {
    days: days.length,
    beds: perDayBeds.at(-1) ?? 0,
    bedDays,
    patientDays,
    discharges: n,
    deaths: discharges.filter((d) => d.died === true).length,
    dischargesWithOutcome: discharges.filter((d) => d.died !== null).length,
    totalLengthOfStay,
    bor: ratio(patientDays, bedDays, 100),
    alos: ratio(totalLengthOfStay, n),
    toi: ratio(bedDays - patientDays, n),
    // Average beds over the period (bed days / days): the bed count itself when it did not change.
    bto: bedDays === 0 ? null : round2(n / (bedDays / days.length)),
    cleanings: cleanings.length,
    averageCleaningMinutes: ratio(cleaningMinutes, cleanings.length),
  };
}

/**
 * Figures for each group and for all of them together. The total joins a patient's stays
 * across groups, so a same-day move between wards is one patient day there, not two.
 */
export function computeIndicators(input: IndicatorInput): IndicatorResult {
  const groups = new Map<string, Figures>();
  const names = [...new Set(input.beds.map((b) => b.group))].sort();
  for (const g of names) {
    const mine = <T extends { group: string }>(list: T[]) => list.filter((x) => x.group === g);
    const stays = staysOf(mine(input.occupancies), (o) => o.stayKey);
    groups.set(g, figures(input.days, mine(input.beds), stays, mine(input.discharges), mine(input.cleanings)));
  }
  const allStays = staysOf(input.occupancies, (o) => o.stayKey);
  const total = figures(input.days, input.beds, allStays, input.discharges, input.cleanings);
  const beds = bedsPerDay(input.days, input.beds);
  const patientDays = patientDaysPerDay(input.days, allStays);
  const daily = input.days.map((date, i) => {
    const discharged = input.discharges.filter((d) => localDateOf(d.dischargedAt) === date);
    return {
      date,
      beds: beds[i],
      patientDays: patientDays[i],
      discharges: discharged.length,
      deaths: discharged.filter((d) => d.died === true).length,
      bor: ratio(patientDays[i], beds[i], 100),
    };
  });
  return { total, groups, daily };
}
