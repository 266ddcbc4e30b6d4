import { Injectable } from '@nestjs/common';
import { BedsRepository, type LocationBedRow } from '../beds/beds.repository';
import { HospitalsRepository, type RoomOfWardRow, type WardOfHospitalRow } from '../hospitals/hospitals.repository';
import {
  bedCapacityReport,
  bedLocation,
  countBeds,
  roomLocation,
  wardLocation,
  type BedRow,
  type Location,
  type LocationSearch,
  type MeasureReport,
  type MeasureReportSearch,
  type RoomRow,
  type WardRow,
} from './fhir-resources';

const toWard = (r: WardOfHospitalRow): WardRow => ({ id: r.id, name: r.name, hospital: { code: r.hospital_code, name: r.hospital_name } });
const toRoom = (r: RoomOfWardRow): RoomRow => ({
  id: r.id,
  name: r.name,
  ward: { id: r.ward_id, name: r.ward_name, hospital: { code: r.hospital_code, name: r.hospital_name } },
});
const toBed = (b: LocationBedRow, room: RoomRow): BedRow => ({
  id: b.id,
  code: b.code,
  bedClass: b.bed_class,
  status: b.status,
  statusSince: b.status_since,
  retired: b.retired_at !== null,
  room,
});

/** Reads wards, rooms and beds (never admissions) and turns them into FHIR resources. */
@Injectable()
export class FhirService {
  constructor(
    private readonly hospitals: HospitalsRepository,
    private readonly beds: BedsRepository,
  ) {}

  /**
   * Wards, then rooms, then beds (in service), each in (hospital, ward, room or bed code) order.
   * `partof` a ward gives its rooms and beds, `partof` a room its beds.
   */
  async searchLocations(search: LocationSearch): Promise<Location[]> {
    const wants = (t: 'wa' | 'ro' | 'bd') => search.physicalTypes?.includes(t) ?? true;
    const wards = (await this.hospitals.wardsWithHospital(null)).map(toWard);
    const rooms = (await this.hospitals.roomsWithWard(null, null)).map(toRoom);
    const partOfWard = search.partOf !== null && wards.some((w) => w.id === search.partOf);
    const partOfRoom = search.partOf !== null && rooms.some((r) => r.id === search.partOf);
    const result: Location[] = [];
    if (wants('wa') && search.statuses === null && search.partOf === null) result.push(...wards.map(wardLocation));
    if (wants('ro') && search.statuses === null && (search.partOf === null || partOfWard)) {
      result.push(...rooms.filter((r) => !partOfWard || r.ward.id === search.partOf).map(roomLocation));
    }
    if (wants('bd') && (search.partOf === null || partOfWard || partOfRoom)) {
      const roomById = new Map(rooms.map((r) => [r.id, r]));
      // Beds come by code; taken ward by ward in the wards' order, they are in (hospital, ward, bed) order.
      const bedsOfWard = new Map<string, LocationBedRow[]>();
      for (const b of await this.beds.bedsForLocations(partOfRoom ? search.partOf : null, search.statuses)) {
        if (partOfWard && b.ward_id !== search.partOf) continue;
        const list = bedsOfWard.get(b.ward_id);
        if (list) list.push(b);
        else bedsOfWard.set(b.ward_id, [b]);
      }
      for (const ward of wards) result.push(...(bedsOfWard.get(ward.id) ?? []).map((b) => bedLocation(toBed(b, roomById.get(b.room_id)!))));
    }
    return result;
  }

  /** A ward, a room or a bed (a retired one too, as inactive) by id; null when there is none. */
  async location(id: string): Promise<Location | null> {
    const wards = await this.hospitals.wardsWithHospital(id);
    if (wards.length > 0) return wardLocation(toWard(wards[0]));
    const rooms = await this.hospitals.roomsWithWard(id, null);
    if (rooms.length > 0) return roomLocation(toRoom(rooms[0]));
    const bed = await this.beds.bedForLocation(id);
    if (!bed) return null;
    const room = await this.hospitals.roomsWithWard(bed.room_id, null);
    return bedLocation(toBed(bed, toRoom(room[0])));
  }

  /**
   * One report per ward (or for the one ward asked for), with each bed's status at `at` taken
   * from the bed history, so a past day is reported as it was.
   */
  async measureReports(measure: string, search: MeasureReportSearch, now: Date): Promise<MeasureReport[]> {
    const wards = await this.hospitals.wardsWithHospital(search.wardId);
    const beds = await this.beds.bedStatusesAt(search.wardId, search.at);
    return wards.map((w) => {
      const mine = beds.filter((b) => b.ward_id === w.id).map((b) => ({ bedClass: b.bed_class, status: b.status }));
      return bedCapacityReport(measure, toWard(w), countBeds(mine), { start: search.start, end: search.at }, now);
    });
  }
}
