import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BED_CLASSES, type BedClass } from '../beds/bed-class';
import type { WardAvailability } from './availability.types';

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
    // Only the filters given go into the WHERE: with "($1 IS NULL OR ...)" the planner must
    // allow for both cases and planning grows with the tables (bench/RESULTS.md).
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      where.push(condition.replace('?', `$${params.length}`));
    };
    if (filter.hospitalCode !== undefined) add('h.code = ?', filter.hospitalCode);
    if (filter.wardId !== undefined) add('wa.ward_id = ?::uuid', filter.wardId);
    if (filter.bedClass !== undefined) add('wa.bed_class = ?::bed_class', filter.bedClass);
    const rows: AvailabilityRow[] = await this.db.query(
      `SELECT ${AVAILABILITY_COLUMNS}
         FROM ward_availability wa
         JOIN wards w ON w.id = wa.ward_id
         JOIN hospitals h ON h.id = w.hospital_id
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY h.code, w.code, wa.bed_class`,
      params,
    );
    return rows.map(toWardAvailability);
  }
}
