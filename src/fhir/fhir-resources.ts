/**
 * FHIR R4 resources for wards, rooms and beds (Location), bed capacity (MeasureReport, with the SANER
 * bed measures) and refusals (OperationOutcome), and the parsing of the search parameters.
 * Pure: no framework imports. Only counts, ward and bed names ever go in: no patient data.
 */
import { BED_CLASSES, type BedClass } from '../beds/bed-class';
import { BED_STATUSES, HL7_BED_STATUS, type BedStatus } from '../beds/bed-status';
import { localDayStart } from '../indicators/indicators';

export const FHIR_JSON = 'application/fhir+json';

const PHYSICAL_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
const BED_STATUS_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0116';
/** RS Online's bed types (`id_tt`); the Ministry publishes no FHIR code system for them. */
const BED_CLASS_SYSTEM = 'urn:si-ranap:rs-online:id_tt';
const SANER_GROUP_SYSTEM = 'http://hl7.org/fhir/uv/saner/CodeSystem/MeasureGroupSystem';
const SANER_VALUES_SYSTEM = 'http://hl7.org/fhir/uv/saner/CodeSystem/MeasuredValues';
const POPULATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-population';

const HL7_0116_DISPLAY: Record<string, string> = {
  U: 'Unoccupied',
  O: 'Occupied',
  H: 'Housekeeping',
  C: 'Closed',
  I: 'Isolated',
  K: 'Contaminated',
};

/** Intensive-care classes, counted in the SANER numICUBeds measures (HCU is step-down, not ICU). */
export const ICU_CLASSES: ReadonlySet<BedClass> = new Set<BedClass>([
  'ICU',
  'ICCU',
  'RICU',
  'NICU',
  'PICU',
  'ICU_VENTILATOR',
  'NICU_VENTILATOR',
  'PICU_VENTILATOR',
]);

export interface Coding {
  system: string;
  code: string;
  display?: string;
}
export interface CodeableConcept {
  coding: Coding[];
  text?: string;
}
export interface Reference {
  reference?: string;
  identifier?: { system?: string; value: string };
  display?: string;
}

export interface Location {
  resourceType: 'Location';
  id: string;
  meta?: { lastUpdated: string };
  status: 'active' | 'suspended' | 'inactive';
  operationalStatus?: Coding;
  name: string;
  mode: 'instance';
  type?: CodeableConcept[];
  physicalType: CodeableConcept;
  managingOrganization: Reference;
  partOf?: Reference;
}

export interface MeasureReport {
  resourceType: 'MeasureReport';
  status: 'complete';
  type: 'summary';
  measure: string;
  subject: Reference;
  date: string;
  reporter: Reference;
  period: { start: string; end: string };
  group: { code: CodeableConcept; population: { code: CodeableConcept; count: number }[] }[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: { severity: 'error' | 'fatal'; code: string; diagnostics: string }[];
}

export interface Bundle {
  resourceType: 'Bundle';
  type: 'searchset';
  total: number;
  link: { relation: 'self'; url: string }[];
  entry: { fullUrl?: string; resource: Location | MeasureReport; search: { mode: 'match' } }[];
}

export interface HospitalRef {
  code: string;
  name: string;
}
export interface WardRow {
  id: string;
  name: string;
  hospital: HospitalRef;
}
export interface RoomRow {
  id: string;
  name: string;
  ward: WardRow;
}
export interface BedRow {
  id: string;
  code: string;
  bedClass: BedClass;
  status: BedStatus;
  statusSince: Date;
  retired: boolean;
  room: RoomRow;
}

const hospitalReference = (h: HospitalRef): Reference => ({ identifier: { system: 'urn:si-ranap:hospital-code', value: h.code }, display: h.name });

export function wardLocation(ward: WardRow): Location {
  return {
    resourceType: 'Location',
    id: ward.id,
    status: 'active',
    name: ward.name,
    mode: 'instance',
    physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'wa', display: 'Ward' }] },
    managingOrganization: hospitalReference(ward.hospital),
  };
}

export function roomLocation(room: RoomRow): Location {
  return {
    resourceType: 'Location',
    id: room.id,
    status: 'active',
    name: room.name,
    mode: 'instance',
    physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'ro', display: 'Room' }] },
    managingOrganization: hospitalReference(room.ward.hospital),
    partOf: { reference: `Location/${room.ward.id}`, display: room.ward.name },
  };
}

export function bedLocation(bed: BedRow): Location {
  const code = HL7_BED_STATUS[bed.status];
  const cls = BED_CLASSES[bed.bedClass];
  return {
    resourceType: 'Location',
    id: bed.id,
    meta: { lastUpdated: bed.statusSince.toISOString() },
    // A closed bed is out of service for now: FHIR's "suspended"; a retired one for good: "inactive".
    status: bed.retired ? 'inactive' : bed.status === 'CLOSED' ? 'suspended' : 'active',
    // RESERVED has no code in table 0116, so a reserved bed carries no operational status.
    ...(code ? { operationalStatus: { system: BED_STATUS_SYSTEM, code, display: HL7_0116_DISPLAY[code] } } : {}),
    name: bed.code,
    mode: 'instance',
    type: [{ coding: [{ system: BED_CLASS_SYSTEM, code: String(cls.idTt), display: cls.label }], text: cls.label }],
    physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'bd', display: 'Bed' }] },
    managingOrganization: hospitalReference(bed.room.ward.hospital),
    partOf: { reference: `Location/${bed.room.id}`, display: bed.room.name },
  };
}

export function searchBundle(selfUrl: string, base: string, resources: (Location | MeasureReport)[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    link: [{ relation: 'self', url: selfUrl }],
    entry: resources.map((resource) => ({
      // Locations can be read back; a MeasureReport is computed per request and has no address.
      ...(resource.resourceType === 'Location' ? { fullUrl: `${base}/Location/${resource.id}` } : {}),
      resource,
      search: { mode: 'match' as const },
    })),
  };
}

export function operationOutcome(code: string, diagnostics: string, severity: 'error' | 'fatal' = 'error'): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

export interface BedCounts {
  total: number;
  occupied: number;
  available: number;
  icuTotal: number;
  icuOccupied: number;
  icuAvailable: number;
}

/** Counts of the SANER bed measures from the beds' statuses. */
export function countBeds(beds: { bedClass: BedClass; status: BedStatus }[]): BedCounts {
  const icu = beds.filter((b) => ICU_CLASSES.has(b.bedClass));
  const n = (list: typeof beds, s: BedStatus) => list.filter((b) => b.status === s).length;
  return {
    total: beds.length,
    occupied: n(beds, 'OCCUPIED'),
    available: n(beds, 'AVAILABLE'),
    icuTotal: icu.length,
    icuOccupied: n(icu, 'OCCUPIED'),
    icuAvailable: n(icu, 'AVAILABLE'),
  };
}

const MEASURES: [keyof BedCounts, string, string][] = [
  ['total', 'numTotBeds', 'All hospital beds'],
  ['occupied', 'numTotBedsOcc', 'Hospital beds occupied'],
  ['available', 'numTotBedsAvail', 'Hospital beds available'],
  ['icuTotal', 'numICUBeds', 'ICU beds'],
  ['icuOccupied', 'numICUBedsOcc', 'ICU beds occupied'],
  ['icuAvailable', 'numICUBedsAvail', 'ICU beds available'],
];

export function bedCapacityReport(measure: string, ward: WardRow, counts: BedCounts, period: { start: Date; end: Date }, now: Date): MeasureReport {
  return {
    resourceType: 'MeasureReport',
    status: 'complete',
    type: 'summary',
    measure,
    subject: { reference: `Location/${ward.id}`, display: ward.name },
    date: now.toISOString(),
    reporter: hospitalReference(ward.hospital),
    period: { start: period.start.toISOString(), end: period.end.toISOString() },
    group: [
      {
        code: { coding: [{ system: SANER_GROUP_SYSTEM, code: 'Beds', display: 'Beds' }], text: 'Bed Reporting' },
        population: MEASURES.map(([key, code, display]) => ({
          code: {
            coding: [
              { system: POPULATION_SYSTEM, code: 'initial-population' },
              { system: SANER_VALUES_SYSTEM, code, display },
            ],
            text: display,
          },
          count: counts[key],
        })),
      },
    ],
  };
}

export interface CapabilityStatement {
  resourceType: 'CapabilityStatement';
  status: 'active';
  date: string;
  kind: 'instance';
  software: { name: string };
  implementation: { description: string; url: string };
  fhirVersion: '4.0.1';
  format: string[];
  rest: {
    mode: 'server';
    documentation: string;
    resource: {
      type: string;
      interaction: { code: 'read' | 'search-type' }[];
      searchParam: { name: string; type: 'token' | 'reference' | 'date'; documentation: string }[];
    }[];
  }[];
}

/** What this server offers (`GET /fhir/metadata`): read-only Location and MeasureReport. */
export function capabilityStatement(base: string, now: Date): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    kind: 'instance',
    software: { name: 'SI-RANAP' },
    implementation: { description: 'SI-RANAP bed availability: wards, beds and bed capacity', url: base },
    fhirVersion: '4.0.1',
    format: [FHIR_JSON],
    rest: [
      {
        mode: 'server',
        documentation: 'Public and read-only. Ward and bed names and counts only, never patient data.',
        resource: [
          {
            type: 'Location',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              { name: 'physical-type', type: 'token', documentation: 'wa (ward), ro (room) or bd (bed), comma-separated' },
              {
                name: 'partof',
                type: 'reference',
                documentation: 'Location/<ward id>: the rooms and beds of a ward; Location/<room id>: the beds of a room',
              },
              { name: 'operational-status', type: 'token', documentation: 'HL7 v2 table 0116 codes, comma-separated' },
            ],
          },
          {
            type: 'MeasureReport',
            interaction: [{ code: 'search-type' }],
            searchParam: [
              { name: 'subject', type: 'reference', documentation: 'Location/<ward id>; all wards without it' },
              { name: 'period', type: 'date', documentation: 'a day (counts at its end, WITA) or an instant; now without it' },
            ],
          },
        ],
      },
    ],
  };
}

// ---- search parameters ----

export type Query = Record<string, unknown>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE_TO_STATUS = new Map(BED_STATUSES.filter((s) => HL7_BED_STATUS[s]).map((s) => [HL7_BED_STATUS[s] as string, s]));

/** Parameters every search accepts (they change the format, not the result). */
const GENERAL = new Set(['_format', '_pretty']);

function single(query: Query, name: string): Parsed<string | undefined> {
  const v = query[name];
  if (v === undefined) return { ok: true, value: undefined };
  if (typeof v !== 'string') return { ok: false, message: `Give ${name} once (a comma-separated list where allowed).` };
  return { ok: true, value: v };
}

function unknownParameter(query: Query, allowed: string[]): string | null {
  const extra = Object.keys(query).filter((k) => !allowed.includes(k) && !GENERAL.has(k));
  return extra.length === 0 ? null : `Unsupported search parameter ${extra.join(', ')}; this server supports: ${allowed.join(', ')}.`;
}

/** "Location/<id>" or "<id>" naming a location by its id. */
function locationId(value: string, name: string): Parsed<string> {
  const id = value.startsWith('Location/') ? value.slice('Location/'.length) : value;
  if (!UUID.test(id)) return { ok: false, message: `${name} must be Location/<id> with an id of this server, got ${JSON.stringify(value)}.` };
  return { ok: true, value: id.toLowerCase() };
}

export const PHYSICAL_TYPES = ['wa', 'ro', 'bd'] as const;
export type PhysicalType = (typeof PHYSICAL_TYPES)[number];

export interface LocationSearch {
  physicalTypes: PhysicalType[] | null;
  partOf: string | null;
  statuses: BedStatus[] | null;
}

export function parseLocationSearch(query: Query): Parsed<LocationSearch> {
  const unknown = unknownParameter(query, ['physical-type', 'partof', 'operational-status']);
  if (unknown) return { ok: false, message: unknown };
  const pt = single(query, 'physical-type');
  const po = single(query, 'partof');
  const os = single(query, 'operational-status');
  for (const p of [pt, po, os]) if (!p.ok) return p;
  let physicalTypes: LocationSearch['physicalTypes'] = null;
  if (pt.ok && pt.value !== undefined) {
    const codes = pt.value.split(',').map((c) => c.replace(`${PHYSICAL_TYPE_SYSTEM}|`, ''));
    const bad = codes.filter((c) => !(PHYSICAL_TYPES as readonly string[]).includes(c));
    if (bad.length > 0) return { ok: false, message: `physical-type must be wa (ward), ro (room) or bd (bed), got ${JSON.stringify(bad.join(','))}.` };
    physicalTypes = codes as PhysicalType[];
  }
  let partOf: string | null = null;
  if (po.ok && po.value !== undefined) {
    const id = locationId(po.value, 'partof');
    if (!id.ok) return id;
    partOf = id.value;
  }
  let statuses: BedStatus[] | null = null;
  if (os.ok && os.value !== undefined) {
    const codes = os.value.split(',').map((c) => c.replace(`${BED_STATUS_SYSTEM}|`, ''));
    const bad = codes.filter((c) => !CODE_TO_STATUS.has(c));
    if (bad.length > 0) {
      return {
        ok: false,
        message: `operational-status must be HL7 v2 table 0116 codes (${[...CODE_TO_STATUS.keys()].join(', ')}), got ${JSON.stringify(bad.join(','))}.`,
      };
    }
    statuses = codes.map((c) => CODE_TO_STATUS.get(c)!);
  }
  return { ok: true, value: { physicalTypes, partOf, statuses } };
}

export interface MeasureReportSearch {
  wardId: string | null;
  /** The report gives the counts at `at`, over the period from `start`. */
  start: Date;
  at: Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `period` is a day (counts at the end of that day, WITA, or now for today) or an instant, with
 * an optional `eq` prefix; without it, the counts now. A time in the future is refused.
 */
export function parseMeasureReportSearch(query: Query, now: Date): Parsed<MeasureReportSearch> {
  const unknown = unknownParameter(query, ['subject', 'period']);
  if (unknown) return { ok: false, message: unknown };
  const subject = single(query, 'subject');
  const period = single(query, 'period');
  if (!subject.ok) return subject;
  if (!period.ok) return period;
  let wardId: string | null = null;
  if (subject.value !== undefined) {
    const id = locationId(subject.value, 'subject');
    if (!id.ok) return id;
    wardId = id.value;
  }
  if (period.value === undefined) return { ok: true, value: { wardId, start: now, at: now } };
  const text = period.value.startsWith('eq') ? period.value.slice(2) : period.value;
  if (DATE.test(text)) {
    const start = localDayStart(text);
    if (!start) return { ok: false, message: `period ${JSON.stringify(period.value)} is not a calendar date.` };
    if (start > now) return { ok: false, message: `period ${text} is in the future; counts exist up to now.` };
    const end = new Date(Math.min(start.getTime() + 86_400_000 - 1, now.getTime()));
    return { ok: true, value: { wardId, start, at: end } };
  }
  if (DATE_TIME.test(text) && !Number.isNaN(Date.parse(text))) {
    const at = new Date(text);
    if (at > now) return { ok: false, message: `period ${text} is in the future; counts exist up to now.` };
    return { ok: true, value: { wardId, start: at, at } };
  }
  return {
    ok: false,
    message: `period must be a date (YYYY-MM-DD, the counts at the end of that day, WITA) or an instant (YYYY-MM-DDThh:mm:ss+08:00), optionally prefixed eq; got ${JSON.stringify(period.value)}.`,
  };
}
