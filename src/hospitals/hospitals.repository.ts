/**
 * All SQL against hospitals and wards. One way of querying in this module: raw SQL through this
 * file, as in the beds module (whose reads join these tables where a filter or a keyset order
 * needs a hospital's or ward's code). Writes take the caller's transaction.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { HospitalModel, WardModel } from './hospitals.types';

type Queryable = Pick<EntityManager, 'query'>;

export interface NewHospital {
  code: string;
  name: string;
  city: string;
  address: string;
  phone: string;
}

/** A ward with its hospital's code and name. */
export interface WardOfHospitalRow {
  id: string;
  code: string;
  name: string;
  hospital_code: string;
  hospital_name: string;
}

const HOSPITAL_COLUMNS = 'id, code, name, city, address, phone';
const WARD_COLUMNS = 'id, hospital_id AS "hospitalId", code, name, service';
const WARD_WITH_HOSPITAL = `SELECT w.id, w.code, w.name, h.code AS hospital_code, h.name AS hospital_name
                              FROM wards w JOIN hospitals h ON h.id = w.hospital_id`;

@Injectable()
export class HospitalsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  hospitals(): Promise<HospitalModel[]> {
    return this.db.query(`SELECT ${HOSPITAL_COLUMNS} FROM hospitals ORDER BY name ASC`);
  }

  async hospitalByCode(code: string, m: Queryable = this.db): Promise<HospitalModel | null> {
    const rows: HospitalModel[] = await m.query(`SELECT ${HOSPITAL_COLUMNS} FROM hospitals WHERE code = $1`, [code]);
    return rows[0] ?? null;
  }

  async hospitalById(id: string): Promise<HospitalModel | null> {
    const rows: HospitalModel[] = await this.db.query(`SELECT ${HOSPITAL_COLUMNS} FROM hospitals WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async wardById(id: string): Promise<WardModel | null> {
    const rows: WardModel[] = await this.db.query(`SELECT ${WARD_COLUMNS} FROM wards WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The hospital's wards by code. */
  wardsOf(hospitalId: string): Promise<WardModel[]> {
    return this.db.query(`SELECT ${WARD_COLUMNS} FROM wards WHERE hospital_id = $1 ORDER BY code ASC`, [hospitalId]);
  }

  /** One ward, or all, with its hospital's code and name, in (hospital code, ward code) order. */
  wardsWithHospital(wardId: string | null): Promise<WardOfHospitalRow[]> {
    return this.db.query(`${WARD_WITH_HOSPITAL} WHERE ($1::uuid IS NULL OR w.id = $1) ORDER BY h.code, w.code`, [wardId]);
  }

  async insertHospital(m: Queryable, h: NewHospital): Promise<string> {
    const rows: { id: string }[] = await m.query(`INSERT INTO hospitals (code, name, city, address, phone) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      h.code,
      h.name,
      h.city,
      h.address,
      h.phone,
    ]);
    return rows[0].id;
  }

  async insertWard(m: Queryable, w: Omit<WardModel, 'id'>): Promise<string> {
    const rows: { id: string }[] = await m.query(`INSERT INTO wards (hospital_id, code, name, service) VALUES ($1, $2, $3, $4) RETURNING id`, [
      w.hospitalId,
      w.code,
      w.name,
      w.service,
    ]);
    return rows[0].id;
  }
}
