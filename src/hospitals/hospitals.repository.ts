/**
 * All SQL against hospitals, wards and rooms. One way of querying in this module: raw SQL through
 * this file, as in the beds module (whose reads join these tables where a filter or a keyset order
 * needs a hospital's or ward's code). Writes take the caller's transaction.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { HospitalModel, RoomModel, WardModel } from './hospitals.types';

type Queryable = Pick<EntityManager, 'query'>;

export interface NewHospital {
  code: string;
  name: string;
  city: string;
  address: string;
  phone: string;
  rsOnlineCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  demo?: boolean;
}

export type HospitalChange = Partial<Pick<HospitalModel, 'name' | 'city' | 'address' | 'phone' | 'rsOnlineCode' | 'latitude' | 'longitude'>>;
export type WardChange = Partial<Pick<WardModel, 'code' | 'name' | 'service'>>;
export type RoomChange = Partial<Pick<RoomModel, 'code' | 'name' | 'sexPolicy' | 'kris'>>;

/** A ward with its hospital's code and name. */
export interface WardOfHospitalRow {
  id: string;
  code: string;
  name: string;
  hospital_code: string;
  hospital_name: string;
}

/** A room with its ward's and hospital's names, for FHIR. */
export interface RoomOfWardRow {
  id: string;
  code: string;
  name: string;
  ward_id: string;
  ward_name: string;
  hospital_code: string;
  hospital_name: string;
}

const HOSPITAL_COLUMNS = 'id, code, name, city, address, phone, rs_online_code AS "rsOnlineCode", latitude, longitude, demo';
const WARD_COLUMNS = 'id, hospital_id AS "hospitalId", code, name, service';
const ROOM_COLUMNS = 'r.id, r.ward_id AS "wardId", r.code, r.name, r.sex_policy AS "sexPolicy", r.kris';
const WARD_WITH_HOSPITAL = `SELECT w.id, w.code, w.name, h.code AS hospital_code, h.name AS hospital_name
                              FROM wards w JOIN hospitals h ON h.id = w.hospital_id`;
const ROOM_WITH_WARD = `SELECT r.id, r.code, r.name, r.ward_id, w.name AS ward_name, h.code AS hospital_code, h.name AS hospital_name
                          FROM rooms r JOIN wards w ON w.id = r.ward_id JOIN hospitals h ON h.id = w.hospital_id`;

/** `col = $n` pairs for the fields present in `change`, numbered from `first`. */
function setClause(change: Record<string, unknown>, columns: Record<string, string>, first: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [field, column] of Object.entries(columns)) {
    if (change[field] === undefined) continue;
    params.push(change[field]);
    parts.push(`${column} = $${first + params.length - 1}`);
  }
  return { sql: parts.join(', '), params };
}

@Injectable()
export class HospitalsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  hospitals(): Promise<HospitalModel[]> {
    return this.db.query(`SELECT ${HOSPITAL_COLUMNS} FROM hospitals ORDER BY name ASC`);
  }

  /** The code of the hospital created first (the deployment's own, unless configured otherwise); null when none is. */
  async firstCreatedCode(): Promise<string | null> {
    const rows: { code: string }[] = await this.db.query(`SELECT code FROM hospitals ORDER BY created_at ASC, code ASC LIMIT 1`);
    return rows[0]?.code ?? null;
  }

  async hospitalByCode(code: string, m: Queryable = this.db): Promise<HospitalModel | null> {
    const rows: HospitalModel[] = await m.query(`SELECT ${HOSPITAL_COLUMNS} FROM hospitals WHERE code = $1`, [code]);
    return rows[0] ?? null;
  }

  async hospitalById(id: string, m: Queryable = this.db): Promise<HospitalModel | null> {
    const rows: HospitalModel[] = await m.query(`SELECT ${HOSPITAL_COLUMNS} FROM hospitals WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async lockHospital(m: Queryable, id: string): Promise<HospitalModel | null> {
    const rows: HospitalModel[] = await m.query(`SELECT ${HOSPITAL_COLUMNS} FROM hospitals WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async wardById(id: string, m: Queryable = this.db): Promise<WardModel | null> {
    const rows: WardModel[] = await m.query(`SELECT ${WARD_COLUMNS} FROM wards WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async lockWard(m: Queryable, id: string): Promise<WardModel | null> {
    const rows: WardModel[] = await m.query(`SELECT ${WARD_COLUMNS} FROM wards WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  /** The hospital's wards by code. */
  wardsOf(hospitalId: string, m: Queryable = this.db): Promise<WardModel[]> {
    return m.query(`SELECT ${WARD_COLUMNS} FROM wards WHERE hospital_id = $1 ORDER BY code ASC`, [hospitalId]);
  }

  /** One ward, or all, with its hospital's code and name, in (hospital code, ward code) order. */
  wardsWithHospital(wardId: string | null): Promise<WardOfHospitalRow[]> {
    return this.db.query(`${WARD_WITH_HOSPITAL} WHERE ($1::uuid IS NULL OR w.id = $1) ORDER BY h.code, w.code`, [wardId]);
  }

  async insertHospital(m: Queryable, h: NewHospital): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO hospitals (code, name, city, address, phone, rs_online_code, latitude, longitude, demo)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [h.code, h.name, h.city, h.address, h.phone, h.rsOnlineCode ?? null, h.latitude ?? null, h.longitude ?? null, h.demo ?? false],
    );
    return rows[0].id;
  }

  async updateHospital(m: Queryable, id: string, change: HospitalChange): Promise<void> {
    const set = setClause(
      change,
      { name: 'name', city: 'city', address: 'address', phone: 'phone', rsOnlineCode: 'rs_online_code', latitude: 'latitude', longitude: 'longitude' },
      2,
    );
    if (set.sql) await m.query(`UPDATE hospitals SET ${set.sql} WHERE id = $1`, [id, ...set.params]);
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

  async updateWard(m: Queryable, id: string, change: WardChange): Promise<void> {
    const set = setClause(change, { code: 'code', name: 'name', service: 'service' }, 2);
    if (set.sql) await m.query(`UPDATE wards SET ${set.sql} WHERE id = $1`, [id, ...set.params]);
  }

  // ---- rooms ----

  async roomById(id: string, m: Queryable = this.db): Promise<RoomModel | null> {
    const rows: RoomModel[] = await m.query(`SELECT ${ROOM_COLUMNS} FROM rooms r WHERE r.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async lockRoom(m: Queryable, id: string): Promise<RoomModel | null> {
    const rows: RoomModel[] = await m.query(`SELECT ${ROOM_COLUMNS} FROM rooms r WHERE r.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  /** The ward's rooms by code. */
  roomsOf(wardId: string, m: Queryable = this.db): Promise<RoomModel[]> {
    return m.query(`SELECT ${ROOM_COLUMNS} FROM rooms r WHERE r.ward_id = $1 ORDER BY r.code`, [wardId]);
  }

  /** Every room of the hospital's wards, by ward and room code. */
  roomsOfHospital(hospitalId: string, m: Queryable = this.db): Promise<RoomModel[]> {
    return m.query(`SELECT ${ROOM_COLUMNS} FROM rooms r JOIN wards w ON w.id = r.ward_id WHERE w.hospital_id = $1 ORDER BY w.code, r.code`, [hospitalId]);
  }

  /** One room, or all, with its ward's and hospital's names, in (hospital, ward, room) code order. */
  roomsWithWard(roomId: string | null, wardId: string | null): Promise<RoomOfWardRow[]> {
    return this.db.query(`${ROOM_WITH_WARD} WHERE ($1::uuid IS NULL OR r.id = $1) AND ($2::uuid IS NULL OR r.ward_id = $2) ORDER BY h.code, w.code, r.code`, [
      roomId,
      wardId,
    ]);
  }

  async insertRoom(m: Queryable, r: Omit<RoomModel, 'id'>): Promise<string> {
    const rows: { id: string }[] = await m.query(`INSERT INTO rooms (ward_id, code, name, sex_policy, kris) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      r.wardId,
      r.code,
      r.name,
      r.sexPolicy,
      r.kris,
    ]);
    return rows[0].id;
  }

  async updateRoom(m: Queryable, id: string, change: RoomChange): Promise<void> {
    const set = setClause(change, { code: 'code', name: 'name', sexPolicy: 'sex_policy', kris: 'kris' }, 2);
    if (set.sql) await m.query(`UPDATE rooms SET ${set.sql} WHERE id = $1`, [id, ...set.params]);
  }
}
