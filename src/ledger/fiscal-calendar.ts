/**
 * Dates as Kupang keeps them: WITA (UTC+8, no daylight saving). Fiscal years are calendar
 * years in WITA, months end at midnight WITA, and exports print WITA times. Pure functions.
 */
const WITA_OFFSET_MS = 8 * 3600 * 1000;

/** The WITA wall-clock parts of an instant. */
function witaParts(at: Date): { year: number; month: number; day: number; hh: number; mm: number; ss: number } {
  const d = new Date(at.getTime() + WITA_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hh: d.getUTCHours(), mm: d.getUTCMinutes(), ss: d.getUTCSeconds() };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The fiscal year an instant falls in (its calendar year in WITA). */
export function fiscalYearOf(at: Date): number {
  return witaParts(at).year;
}

/** 00:00 WITA on 1 January of the year: when the fund of that year takes effect. */
export function fiscalYearStart(year: number): Date {
  return new Date(Date.UTC(year, 0, 1) - WITA_OFFSET_MS);
}

/** The first instant of a month in WITA (month 1-12; 13 is January of the next year). */
export function monthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month - 1, 1) - WITA_OFFSET_MS);
}

/** The month an instant falls in, as YYYY-MM in WITA. */
export function monthOf(at: Date): string {
  const p = witaParts(at);
  return `${pad(p.year, 4)}-${pad(p.month)}`;
}

/** Every month from the one containing `from` whose end (midnight WITA) is at or before `now`. */
export function completedMonths(from: Date, now: Date): { period: string; end: Date }[] {
  const start = witaParts(from);
  const out: { period: string; end: Date }[] = [];
  for (let y = start.year, m = start.month; ; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const end = monthStart(y, m + 1);
    if (end.getTime() > now.getTime()) return out;
    out.push({ period: `${pad(y, 4)}-${pad(m)}`, end });
  }
}

/** `YYYY-MM-DD HH:mm:ss` in WITA, the form the exports print. */
export function witaDateTime(at: Date): string {
  const p = witaParts(at);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hh)}:${pad(p.mm)}:${pad(p.ss)}`;
}

/** A calendar date `YYYY-MM-DD` that exists (2025-02-30 does not); null otherwise. */
export function parseCalendarDate(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return text;
}
