import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BedClass } from '../beds/bed-class';
import type { BedStatus } from '../beds/bed-status';
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

interface SqlWard {
  id: string;
  name: string;
  hospital_code: string;
  hospital_name: string;
}
interface SqlBed {
  id: string;
  code: string;
  bed_class: BedClass;
  status: BedStatus;
  status_since: Date;
  ward_id: string;
}

const WARD_SQL = `SELECT w.id, w.name, h.code AS hospital_code, h.name AS hospital_name
                    FROM wards w JOIN hospitals h ON h.id = w.hospital_id`;

const toWard = (r: SqlWard): WardRow => ({ id: r.id, name: r.name, hospital: { code: r.hospital_code, name: r.hospital_name } });

/** Reads wards and beds (never admissions) and turns them into FHIR resources. */
@Injectable()
export class FhirService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async searchLocations(search: LocationSearch): Promise<Location[]> {
    const wantWards = (search.physicalTypes?.includes('wa') ?? true) && search.statuses === null && search.partOf === null;
    const wantBeds = search.physicalTypes?.includes('bd') ?? true;
    const wards: SqlWard[] = await this.db.query(`${WARD_SQL} ORDER BY h.code, w.code`);
    const wardById = new Map(wards.map((w) => [w.id, toWard(w)]));
    const result: Location[] = wantWards ? [...wardById.values()].map(wardLocation) : [];
    if (wantBeds) {
      const beds: SqlBed[] = await this.db.query(
        `SELECT b.id, b.code, b.bed_class, b.status, b.status_since, b.ward_id
           FROM beds b JOIN wards w ON w.id = b.ward_id JOIN hospitals h ON h.id = w.hospital_id
          WHERE ($1::uuid IS NULL OR b.ward_id = $1) AND ($2::bed_status[] IS NULL OR b.status = ANY($2::bed_status[]))
          ORDER BY h.code, w.code, b.code`,
        [search.partOf, search.statuses],
      );
      result.push(...beds.map((b) => bedLocation(this.toBed(b, wardById.get(b.ward_id)!))));
    }
    return result;
  }

  /** A ward or a bed by id; null when there is none. */
  async location(id: string): Promise<Location | null> {
    const wards: SqlWard[] = await this.db.query(`${WARD_SQL} WHERE w.id = $1`, [id]);
    if (wards.length > 0) return wardLocation(toWard(wards[0]));
    const beds: SqlBed[] = await this.db.query(
      `SELECT id, code, bed_class, status, status_since, ward_id FROM beds WHERE id = $1`,
      [id],
    );
    if (beds.length === 0) return null;
    const ward: SqlWard[] = await this.db.query(`${WARD_SQL} WHERE w.id = $1`, [beds[0].ward_id]);
    return bedLocation(this.toBed(beds[0], toWard(ward[0])));
  }

  /**
   * One report per ward (or for the one ward asked for), with each bed's status at `at` taken
   * from the bed history, so a past day is reported as it was.
   */
  async measureReports(measure: string, search: MeasureReportSearch, now: Date): Promise<MeasureReport[]> {
    const wards: SqlWard[] = await this.db.query(`${WARD_SQL} WHERE ($1::uuid IS NULL OR w.id = $1) ORDER BY h.code, w.code`, [search.wardId]);
    const beds: { ward_id: string; bed_class: BedClass; status: BedStatus }[] = await this.db.query(
      `SELECT b.ward_id, b.bed_class, e.to_status AS status
         FROM beds b
         JOIN LATERAL (SELECT to_status FROM bed_events WHERE bed_id = b.id AND at <= $2 ORDER BY at DESC, id DESC LIMIT 1) e ON true
        WHERE ($1::uuid IS NULL OR b.ward_id = $1)`,
      [search.wardId, search.at],
    );
    return wards.map((w) => {
      const mine = beds.filter((b) => b.ward_id === w.id).map((b) => ({ bedClass: b.bed_class, status: b.status }));
      return bedCapacityReport(measure, toWard(w), countBeds(mine), { start: search.start, end: search.at }, now);
    });
  }

  private toBed(b: SqlBed, ward: WardRow): BedRow {
    return { id: b.id, code: b.code, bedClass: b.bed_class, status: b.status, statusSince: b.status_since, ward };
  }
}
