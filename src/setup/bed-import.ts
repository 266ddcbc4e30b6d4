/**
 * The bed import: a CSV of a hospital's wards, rooms and beds read into rows (csv-parse does
 * the CSV: quoting, quoted separators and line breaks, the BOM), and the plan that brings the
 * hospital to what the file says. Pure apart from the parser: no framework, no database.
 *
 * The file is the hospital's whole list of beds: a bed not in it is retired (never deleted; its
 * history stays), a retired bed that is in it again is reopened. Wards and rooms not in the file
 * are left as they are.
 */
import { parse, CsvError } from 'csv-parse/sync';
import { BED_CLASS_NAMES, type BedClass } from '../beds/bed-class';
import { checkClassChange } from '../beds/bed-setup';
import type { BedStatus } from '../beds/bed-status';
import { SEX_POLICIES, type SexPolicy } from '../hospitals/sex-policy';
import { checkBedClass, checkCode, checkName, checkSexPolicy, CODE_RULE, krisProblem } from './setup-rules';

export const REQUIRED_COLUMNS = ['ward_code', 'ward_name', 'room_code', 'room_sex_policy', 'bed_code', 'bed_class'] as const;
export const OPTIONAL_COLUMNS = ['ward_service', 'room_name', 'room_kris'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** At most this many problems are reported; a file with more is wrong throughout. */
const MAX_PROBLEMS = 50;

export interface ImportProblem {
  line: number;
  column: string | null;
  message: string;
}

export interface ImportRow {
  line: number;
  wardCode: string;
  wardName: string;
  wardService: string | null;
  roomCode: string;
  roomName: string | null;
  roomSexPolicy: SexPolicy;
  roomKris: boolean | null;
  bedCode: string;
  bedClass: BedClass;
}

const ALLOWED: Record<Column, string> = {
  ward_code: CODE_RULE,
  ward_name: '1-200 characters',
  ward_service: '1-100 characters',
  room_code: CODE_RULE,
  room_name: '1-200 characters',
  room_sex_policy: SEX_POLICIES.join(', '),
  room_kris: 'ya/tidak, yes/no, true/false or 1/0',
  bed_code: CODE_RULE,
  bed_class: BED_CLASS_NAMES.join(', '),
};

const headerName = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

const YES = new Set(['ya', 'yes', 'true', '1', 'y']);
const NO = new Set(['tidak', 'no', 'false', '0', 'n', '']);

/** Reads the CSV: a header row naming the columns (any order), then one bed per row. */
export function parseBedCsv(text: string): { ok: true; rows: ImportRow[] } | { ok: false; problems: ImportProblem[] } {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  // The separator is the one the header uses: "," or ";" (Excel in Indonesian locales writes ";").
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, { delimiter, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    if (err instanceof CsvError)
      return { ok: false, problems: [{ line: Number((err as CsvError & { lines?: number }).lines ?? 1), column: null, message: err.message }] };
    throw err;
  }
  if (records.length === 0)
    return { ok: false, problems: [{ line: 1, column: null, message: `The file is empty; the first row names the columns: ${REQUIRED_COLUMNS.join(', ')}.` }] };
  const header = records[0].record.map(headerName);
  const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
  const problems: ImportProblem[] = [];
  const unknown = header.filter((h) => !known.has(h));
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [
      missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown column(s) ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    return {
      ok: false,
      problems: [
        {
          line: 1,
          column: null,
          message: `The header row has ${parts.join(' and ')}; the columns are ${REQUIRED_COLUMNS.join(', ')} and optionally ${OPTIONAL_COLUMNS.join(', ')}, separated by "," or ";".`,
        },
      ],
    };
  }
  const index = new Map(header.map((h, i) => [h as Column, i]));
  const rows: ImportRow[] = [];
  for (const { record, info } of records.slice(1)) {
    if (problems.length >= MAX_PROBLEMS) break;
    const line = info.lines;
    if (record.length !== header.length) {
      problems.push({ line, column: null, message: `The row has ${record.length} fields; the header has ${header.length} (${header.join(', ')}).` });
      continue;
    }
    const cell = (c: Column): string | null => (index.has(c) ? record[index.get(c)!] : null);
    const bad = (column: Column, message: string) => problems.push({ line, column, message: `${message} (allowed: ${ALLOWED[column]})` });
    const wardCode = checkCode('ward_code', cell('ward_code')!);
    const wardName = checkName('ward_name', cell('ward_name')!);
    const roomCode = checkCode('room_code', cell('room_code')!);
    const sex = checkSexPolicy(cell('room_sex_policy')!);
    const bedCode = checkCode('bed_code', cell('bed_code')!);
    const bedClass = checkBedClass(cell('bed_class')!);
    const service = cell('ward_service');
    const roomName = cell('room_name');
    const kris = cell('room_kris')?.toLowerCase() ?? null;
    const before = problems.length;
    if (!wardCode.ok) bad('ward_code', wardCode.message);
    if (!wardName.ok) bad('ward_name', wardName.message);
    if (service !== null && (service.length === 0 || service.length > 100)) bad('ward_service', 'ward_service must be 1-100 characters');
    if (!roomCode.ok) bad('room_code', roomCode.message);
    if (roomName !== null && (roomName.length === 0 || roomName.length > 200)) bad('room_name', 'room_name must be 1-200 characters');
    if (!sex.ok) bad('room_sex_policy', sex.message);
    if (kris !== null && !YES.has(kris) && !NO.has(kris)) bad('room_kris', `room_kris must say yes or no; got ${JSON.stringify(cell('room_kris'))}`);
    if (!bedCode.ok) bad('bed_code', bedCode.message);
    if (!bedClass.ok) bad('bed_class', bedClass.message);
    if (problems.length > before || !wardCode.ok || !wardName.ok || !roomCode.ok || !sex.ok || !bedCode.ok || !bedClass.ok) continue;
    rows.push({
      line,
      wardCode: wardCode.value,
      wardName: wardName.value,
      wardService: service,
      roomCode: roomCode.value,
      roomName,
      roomSexPolicy: sex.value,
      roomKris: kris === null ? null : YES.has(kris),
      bedCode: bedCode.value,
      bedClass: bedClass.value,
    });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ line: 2, column: null, message: 'The file has a header but no beds.' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

// ---- the plan ----

export interface CurrentWard {
  id: string;
  code: string;
  name: string;
  service: string;
}
export interface CurrentRoom {
  id: string;
  wardId: string;
  code: string;
  name: string;
  sexPolicy: SexPolicy;
  kris: boolean;
}
export interface CurrentBed {
  id: string;
  code: string;
  wardId: string;
  roomId: string;
  bedClass: BedClass;
  status: BedStatus;
  retired: boolean;
  hasPatient: boolean;
}
export interface CurrentSetup {
  wards: CurrentWard[];
  rooms: CurrentRoom[];
  beds: CurrentBed[];
}

export interface WardPlan {
  create: { code: string; name: string; service: string }[];
  update: { id: string; code: string; name?: string; service?: string }[];
  unchanged: string[];
}
export interface RoomPlan {
  /** Rooms are named "<ward code>/<room code>" in the plan. */
  create: { wardCode: string; code: string; name: string; sexPolicy: SexPolicy; kris: boolean }[];
  update: { id: string; wardCode: string; code: string; name?: string; sexPolicy?: SexPolicy; kris?: boolean }[];
  unchanged: string[];
}
export interface BedPlan {
  create: { code: string; wardCode: string; roomCode: string; bedClass: BedClass }[];
  update: { id: string; code: string; wardCode: string; roomCode: string; bedClass?: BedClass; moves: boolean }[];
  reopen: string[];
  retire: { id: string; code: string }[];
  unchanged: string[];
}
export interface ImportPlan {
  wards: WardPlan;
  rooms: RoomPlan;
  beds: BedPlan;
}

const roomKey = (wardCode: string, roomCode: string): string => `${wardCode}/${roomCode}`;

/** What the import would do to bring `current` to `rows`, or the problems that stop it (nothing is done then). */
export function planImport(current: CurrentSetup, rows: ImportRow[]): { ok: true; plan: ImportPlan } | { ok: false; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const wardByCode = new Map(current.wards.map((w) => [w.code, w]));
  const wardCodeById = new Map(current.wards.map((w) => [w.id, w.code]));
  const roomByKey = new Map(current.rooms.map((r) => [roomKey(wardCodeById.get(r.wardId)!, r.code), r]));
  const bedByCode = new Map(current.beds.map((b) => [b.code, b]));

  // Every ward, room and bed once, the same on every line that names it.
  const wards = new Map<string, ImportRow>();
  const rooms = new Map<string, ImportRow>();
  const beds = new Map<string, ImportRow>();
  const bedsPerRoom = new Map<string, ImportRow[]>();
  for (const row of rows) {
    const ward = wards.get(row.wardCode);
    if (!ward) wards.set(row.wardCode, row);
    else if (ward.wardName !== row.wardName) {
      problems.push({
        line: row.line,
        column: 'ward_name',
        message: `ward ${row.wardCode} is named ${JSON.stringify(ward.wardName)} on line ${ward.line}; give one name per ward`,
      });
    } else if (row.wardService !== null && ward.wardService !== null && ward.wardService !== row.wardService) {
      problems.push({
        line: row.line,
        column: 'ward_service',
        message: `ward ${row.wardCode} has service ${JSON.stringify(ward.wardService)} on line ${ward.line}`,
      });
    }
    const key = roomKey(row.wardCode, row.roomCode);
    const room = rooms.get(key);
    if (!room) rooms.set(key, row);
    else if (room.roomSexPolicy !== row.roomSexPolicy) {
      problems.push({
        line: row.line,
        column: 'room_sex_policy',
        message: `room ${key} is ${room.roomSexPolicy} on line ${room.line}; give one sex policy per room`,
      });
    } else if ((row.roomName !== null && room.roomName !== row.roomName) || (row.roomKris !== null && room.roomKris !== row.roomKris)) {
      problems.push({
        line: row.line,
        column: row.roomName !== room.roomName ? 'room_name' : 'room_kris',
        message: `room ${key} is described differently on line ${room.line}`,
      });
    }
    const bed = beds.get(row.bedCode);
    if (bed)
      problems.push({
        line: row.line,
        column: 'bed_code',
        message: `bed code ${row.bedCode} is already on line ${bed.line}; bed codes are unique within the hospital`,
      });
    else {
      beds.set(row.bedCode, row);
      bedsPerRoom.set(key, [...(bedsPerRoom.get(key) ?? []), row]);
    }
  }

  const plan: ImportPlan = {
    wards: { create: [], update: [], unchanged: [] },
    rooms: { create: [], update: [], unchanged: [] },
    beds: { create: [], update: [], reopen: [], retire: [], unchanged: [] },
  };
  for (const [code, row] of wards) {
    const there = wardByCode.get(code);
    if (!there) {
      plan.wards.create.push({ code, name: row.wardName, service: row.wardService ?? row.wardName });
      continue;
    }
    const name = there.name !== row.wardName ? row.wardName : undefined;
    const service = row.wardService !== null && there.service !== row.wardService ? row.wardService : undefined;
    if (name === undefined && service === undefined) plan.wards.unchanged.push(code);
    else plan.wards.update.push({ id: there.id, code, ...(name !== undefined ? { name } : {}), ...(service !== undefined ? { service } : {}) });
  }
  for (const [key, row] of rooms) {
    const there = roomByKey.get(key);
    const kris = row.roomKris ?? there?.kris ?? false;
    const problem = krisProblem({ code: key, kris }, bedsPerRoom.get(key)?.length ?? 0);
    if (problem) problems.push({ line: bedsPerRoom.get(key)![4].line, column: 'room_code', message: problem });
    if (!there) {
      plan.rooms.create.push({ wardCode: row.wardCode, code: row.roomCode, name: row.roomName ?? `Kamar ${row.roomCode}`, sexPolicy: row.roomSexPolicy, kris });
      continue;
    }
    const change = {
      ...(row.roomName !== null && row.roomName !== there.name ? { name: row.roomName } : {}),
      ...(row.roomSexPolicy !== there.sexPolicy ? { sexPolicy: row.roomSexPolicy } : {}),
      ...(kris !== there.kris ? { kris } : {}),
    };
    if (Object.keys(change).length === 0) plan.rooms.unchanged.push(key);
    else plan.rooms.update.push({ id: there.id, wardCode: row.wardCode, code: row.roomCode, ...change });
  }
  for (const [code, row] of beds) {
    const there = bedByCode.get(code);
    if (!there) {
      plan.beds.create.push({ code, wardCode: row.wardCode, roomCode: row.roomCode, bedClass: row.bedClass });
      continue;
    }
    const room = roomByKey.get(roomKey(row.wardCode, row.roomCode));
    const moves = !room || room.id !== there.roomId;
    if (moves && there.hasPatient) {
      problems.push({
        line: row.line,
        column: 'room_code',
        message: `bed ${code} has a patient; move it to room ${roomKey(row.wardCode, row.roomCode)} after the patient leaves it`,
      });
    }
    const classCheck = checkClassChange({ code, status: there.status, bedClass: there.bedClass }, row.bedClass);
    if (!classCheck.ok) problems.push({ line: row.line, column: 'bed_class', message: classCheck.message });
    if (there.retired) plan.beds.reopen.push(code);
    if (moves || there.bedClass !== row.bedClass) {
      plan.beds.update.push({
        id: there.id,
        code,
        wardCode: row.wardCode,
        roomCode: row.roomCode,
        ...(there.bedClass !== row.bedClass ? { bedClass: row.bedClass } : {}),
        moves,
      });
    } else if (!there.retired) plan.beds.unchanged.push(code);
  }
  for (const bed of current.beds) {
    if (bed.retired || beds.has(bed.code)) continue;
    if (bed.hasPatient) {
      problems.push({
        line: 0,
        column: 'bed_code',
        message: `bed ${bed.code} is not in the file, so it would be retired, but it has a patient; discharge or transfer them first, or keep the bed in the file`,
      });
    } else plan.beds.retire.push({ id: bed.id, code: bed.code });
  }
  problems.sort((a, b) => a.line - b.line);
  return problems.length > 0 ? { ok: false, problems: problems.slice(0, MAX_PROBLEMS) } : { ok: true, plan };
}
