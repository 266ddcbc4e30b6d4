import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

// The rs_online_sync table's SQL, all of it: raw SQL through query(), the one way of querying here.

/** Held while reporting, so that two replicas never report at once (the second then finds nothing to send). */
const REPORT_LOCK = 0x5253_4f4e; // "RSON"

export interface SyncRow {
  last_attempt_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  consecutive_failures: number;
  last_put: number;
  last_posted: number;
  last_deleted: number;
}

@Injectable()
export class RsOnlineRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `report` while holding the report lock (waits for another replica's report). */
  withReportLock<T>(report: () => Promise<T>): Promise<T> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [REPORT_LOCK]);
      return report();
    });
  }

  async row(hospitalCode: string): Promise<SyncRow | null> {
    const rows: SyncRow[] = await this.db.query(
      `SELECT last_attempt_at, last_success_at, last_error, last_error_at, consecutive_failures, last_put, last_posted, last_deleted
         FROM rs_online_sync WHERE hospital_code = $1`,
      [hospitalCode],
    );
    return rows[0] ?? null;
  }

  recordAttempt(hospitalCode: string): Promise<void> {
    return this.record(hospitalCode, `last_attempt_at = now()`, []);
  }

  recordSuccess(hospitalCode: string, counts: { put: number; posted: number; deleted: number }): Promise<void> {
    return this.record(hospitalCode, `last_success_at = now(), consecutive_failures = 0, last_put = $2, last_posted = $3, last_deleted = $4`, [
      counts.put,
      counts.posted,
      counts.deleted,
    ]);
  }

  recordFailure(hospitalCode: string, message: string): Promise<void> {
    return this.record(hospitalCode, `last_error = $2, last_error_at = now(), consecutive_failures = consecutive_failures + 1`, [message.slice(0, 1000)]);
  }

  private async record(hospitalCode: string, set: string, params: unknown[]): Promise<void> {
    await this.db.query(`INSERT INTO rs_online_sync (hospital_code) VALUES ($1) ON CONFLICT (hospital_code) DO NOTHING`, [hospitalCode]);
    await this.db.query(`UPDATE rs_online_sync SET ${set} WHERE hospital_code = $1`, [hospitalCode, ...params]);
  }
}
