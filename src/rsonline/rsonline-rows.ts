/**
 * The RS Online bed report (Kemenkes `Fasyankes` endpoint): our counts per (ward, class) as
 * RS Online rows, and the requests that bring RS Online's rows to them. Pure: no framework
 * imports, so the mapping and the diff are unit-tested without a server.
 */
import { createHash } from 'node:crypto';
import { BED_CLASSES, type BedClass } from '../beds/bed-class';
import { queuePerRow } from '../beds/waiting-rules';

/** The counts of one (ward, class), as the availability counters keep them. */
export interface WardClassCounts {
  wardName: string;
  /** Rooms holding beds of this class in the ward. */
  rooms: number;
  bedClass: BedClass;
  total: number;
  available: number;
  occupied: number;
  reserved: number;
  cleaning: number;
  closed: number;
  /** Waiting-list entries naming this ward, and the hospital's of this class naming no ward. */
  waiting: number;
  waitingAnyWard: number;
  freeMaleOnly: number;
  freeFemaleOnly: number;
  freeEither: number;
}

/** The values of one RS Online bed-type row. */
export interface RsOnlineRow {
  id_tt: number;
  ruang: string;
  jumlah_ruang: number;
  jumlah: number;
  terpakai: number;
  terpakai_suspek: number;
  terpakai_konfirmasi: number;
  antrian: number;
  prepare: number;
  prepare_plan: number;
  covid: number;
  /** Free beds for men only, women only, and either (as BPJS Aplicares reports them). */
  tersediapria: number;
  tersediawanita: number;
  tersediapriawanita: number;
}

/** A row as RS Online holds it, with its own id. */
export interface ExistingRow extends RsOnlineRow {
  id_t_tt: string;
}

const VALUE_FIELDS = [
  'jumlah_ruang',
  'jumlah',
  'terpakai',
  'terpakai_suspek',
  'terpakai_konfirmasi',
  'antrian',
  'prepare',
  'prepare_plan',
  'covid',
  'tersediapria',
  'tersediawanita',
  'tersediapriawanita',
] as const;

/**
 * Our rows. `jumlah` counts beds in service (closed and isolation-only beds left out), so
 * that what SIRANAP shows as free (jumlah - terpakai - prepare - prepare_plan) is exactly our
 * available count. `jumlah_ruang` is the rooms holding beds of that class in the ward.
 * `antrian` is the waiting list: the entries naming the ward, and each entry naming no ward
 * counted once, on one row of its class (queuePerRow), so the rows add up to the real queue.
 * The free beds by sex add up to the free beds. COVID-only counts are 0.
 */
export function desiredRows(counts: WardClassCounts[]): RsOnlineRow[] {
  const shown = counts.filter((c) => c.total > 0);
  const queue = queuePerRow(shown);
  return shown.map((c, i) => ({
    id_tt: BED_CLASSES[c.bedClass].idTt,
    ruang: c.wardName,
    jumlah_ruang: c.rooms,
    jumlah: c.total - c.closed,
    terpakai: c.occupied,
    terpakai_suspek: 0,
    terpakai_konfirmasi: 0,
    antrian: queue[i],
    prepare: c.cleaning,
    prepare_plan: c.reserved,
    covid: 0,
    tersediapria: c.freeMaleOnly,
    tersediawanita: c.freeFemaleOnly,
    tersediapriawanita: c.freeEither,
  }));
}

const keyOf = (r: { id_tt: number; ruang: string }): string => `${r.id_tt}|${r.ruang.trim().toLowerCase()}`;

export interface SyncPlan {
  put: ExistingRow[];
  post: RsOnlineRow[];
  delete: ExistingRow[];
  unchanged: number;
}

/**
 * PUT rows whose values differ, POST rows RS Online lacks, DELETE rows of bed types and wards
 * we no longer have. A row is the same row when bed type and ward name match. Rows equal to
 * ours are not sent again, so a restart or a repeated push sends nothing that did not change.
 */
export function planSync(desired: RsOnlineRow[], existing: ExistingRow[]): SyncPlan {
  const byKey = new Map<string, ExistingRow>();
  const duplicates: ExistingRow[] = [];
  for (const row of existing) {
    // Two rows for one ward and type (entered by hand, say): keep the first, drop the others.
    if (byKey.has(keyOf(row))) duplicates.push(row);
    else byKey.set(keyOf(row), row);
  }
  const plan: SyncPlan = { put: [], post: [], delete: [...duplicates], unchanged: 0 };
  const wanted = new Set<string>();
  for (const row of desired) {
    const key = keyOf(row);
    wanted.add(key);
    const there = byKey.get(key);
    if (!there) plan.post.push(row);
    else if (VALUE_FIELDS.some((f) => Number(there[f]) !== row[f])) plan.put.push({ ...row, id_t_tt: there.id_t_tt });
    else plan.unchanged += 1;
  }
  for (const [key, row] of byKey) if (!wanted.has(key)) plan.delete.push(row);
  return plan;
}

/** Reads RS Online's GET answer (`{ fasyankes: [...] }`, numbers often as strings). */
export function parseExistingRows(body: unknown): ExistingRow[] | string {
  const list = (body as { fasyankes?: unknown } | null)?.fasyankes;
  if (!Array.isArray(list)) return 'the answer has no "fasyankes" list';
  const rows: ExistingRow[] = [];
  for (const raw of list as Record<string, unknown>[]) {
    const idTt = Number(raw.id_tt);
    if (raw.id_t_tt === undefined || !Number.isInteger(idTt) || typeof raw.ruang !== 'string') {
      return `a row lacks id_t_tt, id_tt or ruang: ${JSON.stringify(raw).slice(0, 200)}`;
    }
    const row = { id_t_tt: String(raw.id_t_tt), id_tt: idTt, ruang: raw.ruang } as ExistingRow;
    for (const f of VALUE_FIELDS) row[f] = Number(raw[f] ?? 0);
    rows.push(row);
  }
  return rows;
}

/** `X-pass`: the password itself, or its MD5 in hex, as the hospital's account is set up. */
export function passHeader(password: string, mode: 'md5' | 'plain'): string {
  return mode === 'plain' ? password : createHash('md5').update(password).digest('hex');
}
