import { Injectable } from '@nestjs/common';
import { BedsRepository, type LocationBedRow } from '../beds/beds.repository';
import { HospitalsRepository, type WardOfHospitalRow } from '../hospitals/hospitals.repository';
import {
  bedCapacityReport,
  bedLocation,
  countBeds,
  wardLocation,
  type BedRow,
  type Location,
  type LocationSearch,
  type MeasureReport,
  type MeasureReportSearch,
  type WardRow,
} from './fhir-resources';

const toWard = (r: WardOfHospitalRow): WardRow => ({ id: r.id, name: r.name, hospital: { code: r.hospital_code, name: r.hospital_name } });

/** Reads wards and beds (never admissions) and turns them into FHIR resources. */
@Injectable()
export class FhirService {
  constructor(
    private readonly hospitals: HospitalsRepository,
    private readonly beds: BedsRepository,
  ) {}

  async searchLocations(search: LocationSearch): Promise<Location[]> {
    const wantWards = (search.physicalTypes?.includes('wa') ?? true) && search.statuses === null && search.partOf === null;
    const wantBeds = search.physicalTypes?.includes('bd') ?? true;
    const wards = await this.hospitals.wardsWithHospital(null);
    const wardById = new Map(wards.map((w) => [w.id, toWard(w)]));
    const result: Location[] = wantWards ? [...wardById.values()].map(wardLocation) : [];
    if (wantBeds) {
      // Beds come by code; taken ward by ward in the wards' order, they are in (hospital, ward, bed) order.
      const bedsOfWard = new Map<string, LocationBedRow[]>();
      for (const b of await this.beds.bedsForLocations(search.partOf, search.statuses)) {
        const list = bedsOfWard.get(b.ward_id);
        if (list) list.push(b);
        else bedsOfWard.set(b.ward_id, [b]);
      }
      for (const [id, ward] of wardById) result.push(...(bedsOfWard.get(id) ?? []).map((b) => bedLocation(this.toBed(b, ward))));
    }
    return result;
  }

  /** A ward or a bed by id; null when there is none. */
  async location(id: string): Promise<Location | null> {
    const wards = await this.hospitals.wardsWithHospital(id);
    if (wards.length > 0) return wardLocation(toWard(wards[0]));
    const bed = await this.beds.bedForLocation(id);
    if (!bed) return null;
    const ward = await this.hospitals.wardsWithHospital(bed.ward_id);
    return bedLocation(this.toBed(bed, toWard(ward[0])));
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

  private toBed(b: LocationBedRow, ward: WardRow): BedRow {
    return { id: b.id, code: b.code, bedClass: b.bed_class, status: b.status, statusSince: b.status_since, ward };
  }
}
