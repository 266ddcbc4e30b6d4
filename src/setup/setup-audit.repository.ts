import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SetupAction, SetupEntity } from './setup-audit.entity';

// The setup_audit table's SQL, all of it: raw SQL through query(), the one way of querying here.

type Queryable = Pick<EntityManager, 'query'>;

export interface SetupAuditInsert {
  actorId: string | null;
  actorUsername: string | null;
  entity: SetupEntity;
  entityId: string;
  action: SetupAction;
  before: object | null;
  after: object;
  via: string;
  hospitalCode: string;
}

export interface SetupAuditRow {
  id: string;
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  entity: SetupEntity;
  entityId: string;
  action: SetupAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  via: string;
}

@Injectable()
export class SetupAuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** All entries in one round trip, in the caller's transaction. */
  async insert(m: Queryable, entries: SetupAuditInsert[]): Promise<void> {
    if (entries.length === 0) return;
    await m.query(
      `INSERT INTO setup_audit (actor_id, actor_username, entity, entity_id, action, before, after, via, hospital_code)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::setup_entity[], $4::uuid[], $5::setup_action[], $6::jsonb[], $7::jsonb[], $8::varchar[], $9::varchar[])`,
      [
        entries.map((e) => e.actorId),
        entries.map((e) => e.actorUsername),
        entries.map((e) => e.entity),
        entries.map((e) => e.entityId),
        entries.map((e) => e.action),
        entries.map((e) => (e.before === null ? null : JSON.stringify(e.before))),
        entries.map((e) => JSON.stringify(e.after)),
        entries.map((e) => e.via),
        entries.map((e) => e.hospitalCode),
      ],
    );
  }

  /**
   * A keyset page, newest first, of one entity's entries or all, and how many there are; of one
   * hospital's entries when `hospitalCode` is given (null: every hospital's).
   */
  async page(entityId: string | null, hospitalCode: string | null, beforeId: string | null, limit: number): Promise<{ total: number; rows: SetupAuditRow[] }> {
    const rows: SetupAuditRow[] = await this.db.query(
      `SELECT a.id::text AS id, a.at, a.actor_id AS "actorId", a.actor_username AS "actorUsername", a.entity, a.entity_id AS "entityId",
              a.action, a.before, a.after, a.via
         FROM setup_audit a
        WHERE ($1::uuid IS NULL OR a.entity_id = $1) AND ($2::varchar IS NULL OR a.hospital_code = $2) AND ($3::bigint IS NULL OR a.id < $3::bigint)
        ORDER BY a.id DESC LIMIT $4`,
      [entityId, hospitalCode, beforeId, limit],
    );
    const total: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM setup_audit WHERE ($1::uuid IS NULL OR entity_id = $1) AND ($2::varchar IS NULL OR hospital_code = $2)`,
      [entityId, hospitalCode],
    );
    return { total: total[0].n, rows };
  }
}
