import { Hl7Message, Hl7Segment, type Hl7Field } from '@medplum/core';

/**
 * Reading ADT messages and writing their acknowledgements with Medplum's HL7 v2 parser. Pure:
 * no framework import. What the rest of the intake sees is an AdtMessage, with every field it
 * uses already picked out and checked for form; whether it makes sense is the rules' business.
 */

export const SUPPORTED_EVENTS = ['A01', 'A02', 'A03', 'A04', 'A08', 'A11', 'A12', 'A13', 'A17', 'A20'] as const;
export type AdtEvent = (typeof SUPPORTED_EVENTS)[number];
export const SUPPORTED_VERSIONS = ['2.3', '2.3.1', '2.4', '2.5', '2.5.1'] as const;

/** PV1-3 or NPU-1: point of care ^ room ^ bed ^ facility. */
export interface Hl7Location {
  pointOfCare: string;
  room: string;
  bed: string;
  facility: string;
}

/** One patient's part of a message (A17 has two). */
export interface AdtPatient {
  medicalRecordNumber: string;
  /** PID-8 (HL7 table 0001), upper-cased; '' when not sent. */
  sex: string;
  /** PV1-2: I inpatient, E emergency, O outpatient...; '' when not sent. */
  patientClass: string;
  location: Hl7Location | null;
  priorLocation: Hl7Location | null;
  /** PV1-20.1, else IN1-2.1 (insurance plan), else ''. */
  financialClass: string;
  /** PV2-9, when sent. */
  expectedDischargeAt: Date | null;
  /** PV1-36 discharge disposition (table 0112); '' when not sent. */
  dischargeDisposition: string;
}

export interface AdtMessage {
  /** MSH-3 ^ MSH-4: who sent it (the key of idempotence with the control id). */
  sender: string;
  sendingFacility: string;
  controlId: string;
  event: AdtEvent;
  eventAt: Date;
  /** MSH-13, when sent. */
  sequence: bigint | null;
  version: string;
  patients: AdtPatient[];
  /** A20: NPU-1 and NPU-2 (HL7 table 0116). */
  bedStatus: { location: Hl7Location; status: string } | null;
}

/** What the ERR segment says: HL7 table 0357 code, where (segment^sequence^field), and the message. */
export interface Hl7Error {
  code: '100' | '101' | '102' | '103' | '200' | '201' | '203' | '204' | '206' | '207';
  location: string;
  text: string;
}

export type ReadResult = { ok: true; message: AdtMessage; header: Hl7Message } | { ok: false; error: Hl7Error; header: Hl7Message | null };

const TS = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.(\d{1,4}))?([+-]\d{4})?$/;
const MRN = /^[A-Za-z0-9][A-Za-z0-9./-]{0,31}$/;
const MAX_FIELD = 64;

/** An HL7 TS/DTM to an instant; a time without an offset is read in `defaultOffset` (e.g. +0800). */
export function parseHl7Time(text: string, defaultOffset = '+0800'): Date | null {
  const m = TS.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '00', frac = '0', offset = defaultOffset] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(3, '0').slice(0, 3)}${offset.slice(0, 3)}:${offset.slice(3)}`;
  const inRange = +mo >= 1 && +mo <= 12 && +d >= 1 && +d <= 31 && +h <= 23 && +mi <= 59 && +s <= 59;
  const date = new Date(iso);
  return inRange && !Number.isNaN(date.getTime()) ? date : null;
}

function field(segment: Hl7Segment | undefined, index: number): Hl7Field | undefined {
  // Medplum's getField answers undefined past the last field sent, whatever its type says.
  return segment?.getField(index) as Hl7Field | undefined;
}

function component(segment: Hl7Segment | undefined, index: number, comp = 1, repetition = 0): string {
  return (field(segment, index)?.getComponent(comp, undefined, repetition) ?? '').trim();
}

function location(segment: Hl7Segment | undefined, index: number): Hl7Location | null {
  const f = field(segment, index);
  if (!f) return null;
  const loc = {
    pointOfCare: (f.getComponent(1) ?? '').trim(),
    room: (f.getComponent(2) ?? '').trim(),
    bed: (f.getComponent(3) ?? '').trim(),
    facility: (f.getComponent(4) ?? '').trim(),
  };
  return loc.pointOfCare || loc.room || loc.bed ? loc : null;
}

/** PID-3: the identifier of type MR when one is sent, else the first. */
function recordNumber(pid: Hl7Segment): string {
  const f = field(pid, 3);
  if (!f) return '';
  const repetitions = f.components.length;
  for (let r = 0; r < repetitions; r++) {
    if ((f.getComponent(5, undefined, r) ?? '').trim().toUpperCase() === 'MR') return (f.getComponent(1, undefined, r) ?? '').trim();
  }
  return (f.getComponent(1) ?? '').trim();
}

const fail = (code: Hl7Error['code'], location: string, text: string, header: Hl7Message | null = null): ReadResult => ({
  ok: false,
  error: { code, location, text },
  header,
});

function readPatient(
  pid: Hl7Segment,
  pv1: Hl7Segment | undefined,
  pv2: Hl7Segment | undefined,
  in1: Hl7Segment | undefined,
  where: string,
  offset: string,
): AdtPatient | Hl7Error {
  const mrn = recordNumber(pid);
  if (!mrn) return { code: '101', location: `PID^${where}^3`, text: 'PID-3 (patient identifier list) is required: the medical record number, type MR.' };
  if (!MRN.test(mrn)) {
    return {
      code: '102',
      location: `PID^${where}^3`,
      text: `PID-3 "${mrn.slice(0, 40)}" is not a medical record number: 1-32 letters, digits, ".", "/" or "-".`,
    };
  }
  const expected = component(pv2, 9);
  let expectedDischargeAt: Date | null = null;
  if (expected) {
    expectedDischargeAt = parseHl7Time(expected.length === 8 ? `${expected}0000` : expected, offset);
    if (!expectedDischargeAt)
      return { code: '102', location: `PV2^${where}^9`, text: `PV2-9 "${expected.slice(0, 40)}" is not an HL7 date/time (YYYYMMDD[HHMM[SS]][+ZZZZ]).` };
  }
  const financialClass = component(pv1, 20) || component(in1, 2);
  const loc = location(pv1, 3);
  const prior = location(pv1, 6);
  for (const [name, l] of [
    ['PV1-3', loc],
    ['PV1-6', prior],
  ] as const) {
    if (l && [l.pointOfCare, l.room, l.bed, l.facility].some((c) => c.length > MAX_FIELD)) {
      return { code: '102', location: `PV1^${where}^${name.slice(4)}`, text: `${name} has a component longer than ${MAX_FIELD} characters.` };
    }
  }
  return {
    medicalRecordNumber: mrn,
    sex: component(pid, 8).toUpperCase(),
    patientClass: component(pv1, 2).toUpperCase(),
    location: loc,
    priorLocation: prior,
    financialClass: financialClass.slice(0, MAX_FIELD),
    expectedDischargeAt,
    dischargeDisposition: component(pv1, 36),
  };
}

/** Reads one message's text: an AdtMessage, or why not (with the header, when there was one, for the ACK). */
export function readAdt(text: string, defaultOffset = '+0800'): ReadResult {
  let parsed: Hl7Message;
  try {
    parsed = Hl7Message.parse(text.replace(/\r\n|\n/g, '\r').replace(/\r+$/, ''));
  } catch {
    return fail('100', 'MSH^1', 'Not an HL7 v2 message: it must start with an MSH segment and its separators (MSH|^~\\&|...).');
  }
  const msh = parsed.segments[0];
  if (msh?.name !== 'MSH' || !field(msh, 2))
    return fail('100', 'MSH^1', 'Not an HL7 v2 message: it must start with an MSH segment and its separators (MSH|^~\\&|...).');
  const controlId = component(msh, 10);
  if (!controlId) return fail('101', 'MSH^1^10', 'MSH-10 (message control id) is required.', parsed);
  if (controlId.length > 199) return fail('102', 'MSH^1^10', 'MSH-10 is longer than 199 characters.', parsed);
  const type = component(msh, 9, 1);
  const eventCode = component(msh, 9, 2);
  if (type !== 'ADT') {
    return fail('200', 'MSH^1^9', `Message type ${type || '(none)'} is not taken here: only ADT (events ${SUPPORTED_EVENTS.join(', ')}).`, parsed);
  }
  if (!(SUPPORTED_EVENTS as readonly string[]).includes(eventCode)) {
    return fail('201', 'MSH^1^9^2', `Event ${eventCode || '(none)'} is not taken here; supported: ${SUPPORTED_EVENTS.join(', ')}.`, parsed);
  }
  const event = eventCode as AdtEvent;
  const version = component(msh, 12);
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
    return fail('203', 'MSH^1^12', `HL7 version ${version || '(none)'} is not taken here; supported: ${SUPPORTED_VERSIONS.join(', ')}.`, parsed);
  }
  const timeText = component(msh, 7);
  const eventAt = parseHl7Time(timeText, defaultOffset);
  if (!eventAt) return fail('102', 'MSH^1^7', `MSH-7 "${timeText.slice(0, 40)}" is not an HL7 date/time (YYYYMMDDHHMM[SS][+ZZZZ]).`, parsed);
  const seqText = component(msh, 13);
  if (seqText && !/^\d{1,15}$/.test(seqText)) return fail('102', 'MSH^1^13', `MSH-13 "${seqText.slice(0, 40)}" is not a sequence number (digits).`, parsed);
  const sendingApp = component(msh, 3);
  const sendingFacility = component(msh, 4);
  if (!sendingFacility) return fail('101', 'MSH^1^4', 'MSH-4 (sending facility) is required: it names the hospital.', parsed);
  if (sendingApp.length > MAX_FIELD || sendingFacility.length > MAX_FIELD)
    return fail('102', 'MSH^1^3', `MSH-3 and MSH-4 are at most ${MAX_FIELD} characters.`, parsed);

  const base = { sender: `${sendingApp}^${sendingFacility}`, sendingFacility, controlId, event, eventAt, sequence: seqText ? BigInt(seqText) : null, version };
  if (event === 'A20') {
    const npu = parsed.getSegment('NPU');
    const loc = location(npu, 1);
    const status = component(npu, 2).toUpperCase();
    if (!npu || !loc) return fail('101', 'NPU^1^1', 'A20 needs an NPU segment with NPU-1 (bed location: point of care^room^bed).', parsed);
    if (!status) return fail('101', 'NPU^1^2', 'NPU-2 (bed status, HL7 table 0116) is required.', parsed);
    return { ok: true, header: parsed, message: { ...base, patients: [], bedStatus: { location: loc, status } } };
  }
  // Each PID opens a patient's group; its PV1, PV2 and IN1 follow it (A17 sends two groups).
  const patients: AdtPatient[] = [];
  const segs = parsed.segments;
  for (let i = 0; i < segs.length; i++) {
    if (segs[i].name !== 'PID') continue;
    const group: Record<string, Hl7Segment | undefined> = {};
    for (let j = i + 1; j < segs.length && segs[j].name !== 'PID'; j++) group[segs[j].name] ??= segs[j];
    const p = readPatient(segs[i], group.PV1, group.PV2, group.IN1, String(patients.length + 1), defaultOffset);
    if ('code' in p) return { ok: false, error: p, header: parsed };
    patients.push(p);
  }
  const wanted = event === 'A17' ? 2 : 1;
  if (patients.length !== wanted) {
    return fail(
      '100',
      'PID^1',
      `ADT^${event} carries ${wanted === 2 ? 'two PID/PV1 groups (the two patients swapped)' : 'one PID segment'}; got ${patients.length}.`,
      parsed,
    );
  }
  return { ok: true, header: parsed, message: { ...base, patients, bedStatus: null } };
}

export type AckCode = 'AA' | 'AE' | 'AR' | 'CA';

/** The acknowledgement of a message; when its header could not be read, a bare one of our own. */
export function buildAck(header: Hl7Message | null, code: AckCode, error: Hl7Error | null, note: string | null = null, controlId = ''): string {
  const err = error ? new Hl7Segment(['ERR', '', error.location, `${error.code}^${ERROR_NAMES[error.code]}^HL70357`, 'E', '', '', '', error.text]) : undefined;
  if (header) {
    const ack = header.buildAck({ ackCode: code === 'CA' ? 'AA' : code, errSegment: err });
    const msa = ack.getSegment('MSA')!;
    msa.setField(1, code);
    msa.setField(3, escapeText(error?.text ?? note ?? ACK_TEXT[code]));
    return ack.toString();
  }
  const now = new Date()
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, '');
  const lines = [`MSH|^~\\&|SIRANAP||||${now}||ACK|${Date.now()}|P|2.5`, `MSA|${code}|${escapeText(controlId)}|${escapeText(error?.text ?? ACK_TEXT[code])}`];
  if (err) lines.push(err.toString());
  return lines.join('\r');
}

/** HL7 escapes for the separators inside free text (\F\ \S\ \R\ \T\ \E\). */
function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/~/g, '\\R\\')
    .replace(/&/g, '\\T\\')
    .replace(/[\r\n]+/g, ' ');
}

const ACK_TEXT: Record<AckCode, string> = {
  AA: 'Applied',
  CA: 'Accepted; held until it can apply',
  AE: 'Application Error',
  AR: 'Application Reject',
};

const ERROR_NAMES: Record<Hl7Error['code'], string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
};
