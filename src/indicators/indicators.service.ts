import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BedClass } from '../beds/bed-class';
import { badInput, notFound } from '../common/error-codes';
import { checkPeriod, computeIndicators, type CleaningInput, type DischargeInput, type OccupancyInput } from './indicators';
import type { BedIndicators } from './indicators.types';
import { allFigures, publicFigures } from './public-figures';

interface BedRow {
  id: string;
  ward_id: string;
  ward_code: string;
  ward_name: string;
  bed_class: BedClass;
  created_at: Date;
}

/** Reads the bed history of a period and hands it to the pure computation. */
@Injectable()
export class IndicatorsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `anonymous`: the public view (small discharge counts withheld, see public-figures.ts). */
  async bedIndicators(hospitalCode: string, wardId: string | undefined, from: string, to: string, anonymous: boolean): Promise<BedIndicators> {
    const period = checkPeriod(from, to);
    if (!period.ok) throw badInput(period.message);
    const hospital = await this.db.query(`SELECT id FROM hospitals WHERE code = $1`, [hospitalCode]);
    if (hospital.length === 0) throw notFound('Hospital', hospitalCode);
    if (wardId) {
      const ward = await this.db.query(`SELECT 1 FROM wards WHERE id = $1 AND hospital_id = $2`, [wardId, hospital[0].id]);
      if (ward.length === 0) throw notFound(`Ward of hospital ${hospitalCode}`, wardId);
    }
    // A bed exists from its first history event (the seed and bed creation write one).
    const beds: BedRow[] = await this.db.query(
      `SELECT b.id, b.ward_id, w.code AS ward_code, w.name AS ward_name, b.bed_class,
              COALESCE((SELECT min(e.at) FROM bed_events e WHERE e.bed_id = b.id), b.status_since) AS created_at
         FROM beds b JOIN wards w ON w.id = b.ward_id
        WHERE w.hospital_id = $1 AND ($2::uuid IS NULL OR b.ward_id = $2)`,
      [hospital[0].id, wardId ?? null],
    );
    const bedIds = beds.map((b) => b.id);
    const groupOf = new Map(beds.map((b) => [b.id, `${b.ward_id}/${b.bed_class}`]));
    const group = (bedId: string): string => groupOf.get(bedId)!;
    const range = [bedIds, period.start, period.end];

    // An occupancy lasts from the event that made the bed OCCUPIED to that bed's next event.
    const occupancies: { bed_id: string; admission_id: string | null; start_at: Date; end_at: Date | null }[] = await this.db.query(
      `SELECT bed_id, admission_id, start_at, end_at FROM (
         SELECT bed_id, admission_id, to_status, at AS start_at,
                lead(at) OVER (PARTITION BY bed_id ORDER BY at, id) AS end_at
           FROM bed_events WHERE bed_id = ANY($1::uuid[])) ev
        WHERE to_status = 'OCCUPIED' AND start_at < $3 AND (end_at IS NULL OR end_at >= $2)`,
      range,
    );
    const discharges: { bed_id: string; admitted_at: Date; discharged_at: Date; died: boolean | null }[] = await this.db.query(
      `SELECT bed_id, admitted_at, discharged_at, died FROM admissions
        WHERE bed_id = ANY($1::uuid[]) AND discharged_at >= $2 AND discharged_at < $3`,
      range,
    );
    const cleanings: { bed_id: string; start_at: Date; end_at: Date }[] = await this.db.query(
      `SELECT bed_id, start_at, end_at FROM (
         SELECT bed_id, from_status, to_status, at AS end_at,
                lag(at) OVER (PARTITION BY bed_id ORDER BY at, id) AS start_at
           FROM bed_events WHERE bed_id = ANY($1::uuid[])) ev
        WHERE from_status = 'CLEANING' AND to_status = 'AVAILABLE' AND start_at IS NOT NULL AND end_at >= $2 AND end_at < $3`,
      range,
    );

    const computed = computeIndicators({
      days: period.days,
      beds: beds.map((b) => ({ group: group(b.id), createdAt: b.created_at })),
      occupancies: occupancies.map(
        (o): OccupancyInput => ({ group: group(o.bed_id), stayKey: o.admission_id ?? `bed:${o.bed_id}`, start: o.start_at, end: o.end_at }),
      ),
      discharges: discharges.map(
        (d): DischargeInput => ({ group: group(d.bed_id), admittedAt: d.admitted_at, dischargedAt: d.discharged_at, died: d.died }),
      ),
      cleanings: cleanings.map((c): CleaningInput => ({ group: group(c.bed_id), start: c.start_at, end: c.end_at })),
    });
    const result = anonymous ? publicFigures(computed) : allFigures(computed);
    const scopeWardId = wardId?.toLowerCase() ?? null;

    const groupRows = [...new Map(beds.map((b) => [group(b.id), b])).values()].sort(
      (a, b) => a.ward_code.localeCompare(b.ward_code) || a.bed_class.localeCompare(b.bed_class),
    );
    return {
      hospitalCode,
      wardId: wardId ?? null,
      from,
      to,
      timeZone: 'Asia/Makassar (WITA, UTC+08:00)',
      total: { ...result.total, scopeWardId },
      breakdown: groupRows.map((b) => ({
        wardId: b.ward_id,
        wardName: b.ward_name,
        bedClass: b.bed_class,
        ...result.groups.get(group(b.id))!,
        scopeWardId: b.ward_id,
      })),
      daily: result.daily.map((d) => ({ ...d, scopeWardId })),
    };
  }
}
