import { bedLocation, countBeds, parseLocationSearch, parseMeasureReportSearch, roomLocation, type BedRow } from './fhir-resources';

const ward = { id: '11111111-1111-4111-8111-111111111111', name: 'ICU', hospital: { code: 'RS', name: 'RSUD' } };
const room = { id: '33333333-3333-4333-8333-333333333333', name: 'ICU Kamar 1', ward };
const bed = (over: Partial<BedRow> = {}): BedRow => ({
  id: '22222222-2222-4222-8222-222222222222',
  code: 'ICU-01',
  bedClass: 'ICU',
  status: 'AVAILABLE',
  statusSince: new Date('2026-11-28T01:00:00Z'),
  retired: false,
  room,
  ...over,
});

describe('bedLocation', () => {
  it('maps every status to its HL7 v2 0116 code, and CLOSED to a suspended location', () => {
    expect(bedLocation(bed()).operationalStatus).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/v2-0116', code: 'U', display: 'Unoccupied' });
    expect(bedLocation(bed({ status: 'CONTAMINATED' })).operationalStatus?.code).toBe('K');
    expect(bedLocation(bed({ status: 'CLOSED' }))).toMatchObject({ status: 'suspended', operationalStatus: { code: 'C' } });
    expect(bedLocation(bed({ status: 'RESERVED' })).operationalStatus).toBeUndefined();
    expect(bedLocation(bed({ status: 'CLOSED', retired: true })).status).toBe('inactive');
  });

  it('names the RS Online bed type and the room it is part of; the room is part of the ward', () => {
    const l = bedLocation(bed({ bedClass: 'KELAS_3' }));
    expect(l.type).toEqual([{ coding: [{ system: 'urn:si-ranap:rs-online:id_tt', code: '5', display: 'Kelas III' }], text: 'Kelas III' }]);
    expect(l.partOf).toEqual({ reference: `Location/${room.id}`, display: 'ICU Kamar 1' });
    expect(roomLocation(room)).toMatchObject({
      physicalType: { coding: [{ code: 'ro', display: 'Room' }] },
      partOf: { reference: `Location/${ward.id}`, display: 'ICU' },
      managingOrganization: { display: 'RSUD' },
    });
  });
});

describe('countBeds', () => {
  it('counts all beds and the intensive-care ones (not HCU)', () => {
    const counts = countBeds([
      { bedClass: 'ICU', status: 'OCCUPIED' },
      { bedClass: 'NICU_VENTILATOR', status: 'AVAILABLE' },
      { bedClass: 'HCU', status: 'AVAILABLE' },
      { bedClass: 'KELAS_1', status: 'CLEANING' },
    ]);
    expect(counts).toEqual({ total: 4, occupied: 1, available: 2, icuTotal: 2, icuOccupied: 1, icuAvailable: 1 });
  });
});

describe('search parameters', () => {
  it('parses Location searches', () => {
    expect(parseLocationSearch({ 'physical-type': 'wa,bd', partof: `Location/${ward.id.toUpperCase()}`, 'operational-status': 'U,K' })).toEqual({
      ok: true,
      value: { physicalTypes: ['wa', 'bd'], partOf: ward.id, statuses: ['AVAILABLE', 'CONTAMINATED'] },
    });
    expect(parseLocationSearch({ _format: 'json' })).toEqual({ ok: true, value: { physicalTypes: null, partOf: null, statuses: null } });
    expect(parseLocationSearch({ 'operational-status': 'R' })).toMatchObject({ ok: false });
    expect(parseLocationSearch({ 'physical-type': 'ro' })).toMatchObject({ ok: true, value: { physicalTypes: ['ro'] } });
    expect(parseLocationSearch({ 'physical-type': 'si' })).toMatchObject({ ok: false, message: /wa \(ward\), ro \(room\) or bd \(bed\)/ });
  });

  it('turns a MeasureReport period into the instant counted', () => {
    const now = new Date('2026-11-28T06:00:00Z'); // 14:00 WITA
    expect(parseMeasureReportSearch({}, now)).toEqual({ ok: true, value: { wardId: null, start: now, at: now } });
    // A past day: the counts at its end (WITA). Today: the counts now.
    expect(parseMeasureReportSearch({ period: 'eq2026-11-27' }, now)).toEqual({
      ok: true,
      value: { wardId: null, start: new Date('2026-11-26T16:00:00Z'), at: new Date('2026-11-27T15:59:59.999Z') },
    });
    expect(parseMeasureReportSearch({ period: '2026-11-28' }, now)).toMatchObject({ ok: true, value: { at: now } });
    expect(parseMeasureReportSearch({ period: '2026-11-28T09:30:00+08:00' }, now)).toMatchObject({ ok: true, value: { at: new Date('2026-11-28T01:30:00Z') } });
    expect(parseMeasureReportSearch({ period: '2026-11-29' }, now)).toMatchObject({ ok: false });
    expect(parseMeasureReportSearch({ period: ['2026-11-27', '2026-11-28'] }, now)).toMatchObject({ ok: false });
  });
});
