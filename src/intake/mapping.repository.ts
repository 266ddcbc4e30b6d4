import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type Hl7CodeKind = 'FACILITY' | 'PAYER';

export interface LocationMapRow {
  hospital_code: string;
  point_of_care: string;
  ward_code: string;
  bed_code_template: string;
  updated_at: Date;
}

export interface CodeMapRow {
  kind: Hl7CodeKind;
  code: string;
  target: string;
  updated_at: Date;
}

/** All SQL against hl7_locations and hl7_codes: the mapping the admin keeps. */
@Injectable()
export class MappingRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  locations(): Promise<LocationMapRow[]> {
    return this.db.query(
      `SELECT hospital_code, point_of_care, ward_code, bed_code_template, updated_at FROM hl7_locations ORDER BY hospital_code, point_of_care`,
    );
  }

  async location(hospitalCode: string, pointOfCare: string): Promise<LocationMapRow | null> {
    const rows: LocationMapRow[] = await this.db.query(
      `SELECT hospital_code, point_of_care, ward_code, bed_code_template, updated_at FROM hl7_locations WHERE hospital_code = $1 AND point_of_care = $2`,
      [hospitalCode, pointOfCare],
    );
    return rows[0] ?? null;
  }

  async upsertLocation(
    row: { hospitalCode: string; pointOfCare: string; wardCode: string; bedCodeTemplate: string },
    actorId: string,
  ): Promise<LocationMapRow> {
    const rows: LocationMapRow[] = await this.db.query(
      `INSERT INTO hl7_locations (hospital_code, point_of_care, ward_code, bed_code_template, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (hospital_code, point_of_care) DO UPDATE SET ward_code = EXCLUDED.ward_code, bed_code_template = EXCLUDED.bed_code_template,
              updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING hospital_code, point_of_care, ward_code, bed_code_template, updated_at`,
      [row.hospitalCode, row.pointOfCare, row.wardCode, row.bedCodeTemplate, actorId],
    );
    return rows[0];
  }

  async removeLocation(hospitalCode: string, pointOfCare: string): Promise<boolean> {
    const [, n]: [unknown, number] = await this.db.query(`DELETE FROM hl7_locations WHERE hospital_code = $1 AND point_of_care = $2`, [
      hospitalCode,
      pointOfCare,
    ]);
    return n > 0;
  }

  codes(kind?: Hl7CodeKind): Promise<CodeMapRow[]> {
    return kind
      ? this.db.query(`SELECT kind, code, target, updated_at FROM hl7_codes WHERE kind = $1 ORDER BY code`, [kind])
      : this.db.query(`SELECT kind, code, target, updated_at FROM hl7_codes ORDER BY kind, code`);
  }

  async upsertCode(kind: Hl7CodeKind, code: string, target: string, actorId: string): Promise<CodeMapRow> {
    const rows: CodeMapRow[] = await this.db.query(
      `INSERT INTO hl7_codes (kind, code, target, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, code) DO UPDATE SET target = EXCLUDED.target, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING kind, code, target, updated_at`,
      [kind, code, target, actorId],
    );
    return rows[0];
  }

  async removeCode(kind: Hl7CodeKind, code: string): Promise<boolean> {
    const [, n]: [unknown, number] = await this.db.query(`DELETE FROM hl7_codes WHERE kind = $1 AND code = $2`, [kind, code]);
    return n > 0;
  }
}
