import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BED_CLASSES, type BedClass } from '../beds/bed-class';
import type { WardAvailability } from './availability.types';
import { bucketCountColumns } from './bucket-counts';

export interface AvailabilityFilter {
  hospitalCode?: string;
  wardId?: string;
  bedClass?: BedClass;
}

export interface AvailabilityRow {
  hospital_code: string;
  ward_id: string;
  ward_name: string;
  bed_class: BedClass;
  total: number;
  available: number;
  occupied: number;
  reserved: number;
  cleaning: number;
  closed: number;
  seq: string;
  updated_at: Date;
}

/** Columns of an AvailabilityRow, over `ward_availability wa`, `wards w` and `hospitals h`. */
export const AVAILABILITY_COLUMNS = `h.code AS hospital_code, wa.ward_id, w.name AS ward_name, wa.bed_class, wa.total, wa.available,
       wa.occupied, wa.reserved, wa.cleaning, wa.closed, wa.seq::text AS seq, wa.updated_at`;

export const toWardAvailability = (r: AvailabilityRow): WardAvailability => ({
  hospitalCode: r.hospital_code,
  wardId: r.ward_id,
  wardName: r.ward_name,
  bedClass: r.bed_class,
  rsOnlineCode: BED_CLASSES[r.bed_class].idTt,
  bedClassLabel: BED_CLASSES[r.bed_class].label,
  total: r.total,
  available: r.available,
  occupied: r.occupied,
  reserved: r.reserved,
  cleaning: r.cleaning,
  closed: r.closed,
  seq: r.seq,
  updatedAt: r.updated_at,
});

/** Reads the counters kept with every bed change: no scan of beds, whatever their number. */
@Injectable()
export class AvailabilityService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(filter: AvailabilityFilter): Promise<WardAvailability[]> {
    const rows: AvailabilityRow[] = await this.db.query(
      `SELECT ${AVAILABILITY_COLUMNS}
         FROM ward_availability wa
         JOIN wards w ON w.id = wa.ward_id
         JOIN hospitals h ON h.id = w.hospital_id
        WHERE ($1::text IS NULL OR h.code = $1)
          AND ($2::uuid IS NULL OR wa.ward_id = $2)
          AND ($3::bed_class IS NULL OR wa.bed_class = $3)
        ORDER BY h.code, w.code, wa.bed_class`,
      [filter.hospitalCode ?? null, filter.wardId ?? null, filter.bedClass ?? null],
    );
    return rows.map(toWardAvailability);
  }

  /** Counts recomputed from the beds table: what the counters must always equal. */
  async recount(): Promise<Map<string, Record<'total' | 'available' | 'occupied' | 'reserved' | 'cleaning' | 'closed', number>>> {
    const rows = await this.db.query(
      `SELECT ward_id, bed_class,
count(*)::int AS total, ${bucketCountColumns()}
         FROM beds GROUP BY ward_id, bed_class`,
    );
    return new Map(
      (rows as Record<string, string & number>[]).map((r) => [
        `${r.ward_id}/${r.bed_class}`,
        { total: r.total, available: r.available, occupied: r.occupied, reserved: r.reserved, cleaning: r.cleaning, closed: r.closed },
      ]),
    );
  }
}
