import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type Hl7MessageStatus = 'PENDING' | 'APPLIED' | 'REFUSED' | 'REJECTED' | 'DISMISSED';

export interface Hl7MessageRow {
  id: string;
  sender: string | null;
  control_id: string | null;
  event: string | null;
  event_at: Date | null;
  sequence: string | null;
  patient_key: string | null;
  medical_record_number: string | null;
  status: Hl7MessageStatus;
  held_reason: string | null;
  error_code: string | null;
  error_location: string | null;
  error_text: string | null;
  outcome: string | null;
  summary: Record<string, unknown>;
  raw: string;
  remote_address: string | null;
  attempts: number;
  received_at: Date;
  ready_at: Date;
  decided_at: Date | null;
}

export interface NewHl7Message {
  sender: string | null;
  controlId: string | null;
  event: string | null;
  eventAt: Date | null;
  sequence: bigint | null;
  patientKey: string | null;
  medicalRecordNumber: string | null;
  status: Hl7MessageStatus;
  errorCode: string | null;
  errorLocation: string | null;
  errorText: string | null;
  summary: Record<string, unknown>;
  raw: string;
  remoteAddress: string | null;
  readyInMs: number;
}

export interface PatientState {
  patient_key: string;
  sex: string | null;
  expected_discharge_at: Date | null;
  last_event_at: Date;
  last_sequence: string | null;
  last_message_id: string;
}

export interface Hl7LogFilter {
  status?: Hl7MessageStatus;
  event?: string;
  medicalRecordNumber?: string;
  sender?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
}

const COLUMNS = `id::text AS id, sender, control_id, event, event_at, sequence::text AS sequence, patient_key, medical_record_number, status,
  held_reason, error_code, error_location, error_text, outcome, summary, raw, remote_address, attempts, received_at, ready_at, decided_at`;

/** All SQL against hl7_messages (the intake log) and hl7_patients (what was applied last per patient). */
@Injectable()
export class IntakeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The new row, or null when this sender's control id was received before (a resend). */
  async insert(m: NewHl7Message): Promise<Hl7MessageRow | null> {
    const rows: Hl7MessageRow[] = await this.db.query(
      `INSERT INTO hl7_messages (sender, control_id, event, event_at, sequence, patient_key, medical_record_number, status,
                                 error_code, error_location, error_text, summary, raw, remote_address, ready_at, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::hl7_message_status, $9, $10, $11, $12::jsonb, $13, $14, now() + make_interval(secs => $15::double precision / 1000),
               CASE WHEN $8::text = 'PENDING' THEN NULL ELSE now() END)
       ON CONFLICT (sender, control_id) WHERE control_id IS NOT NULL DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        m.sender,
        m.controlId,
        m.event,
        m.eventAt,
        m.sequence?.toString() ?? null,
        m.patientKey,
        m.medicalRecordNumber,
        m.status,
        m.errorCode,
        m.errorLocation,
        m.errorText,
        JSON.stringify(m.summary),
        m.raw,
        m.remoteAddress,
        m.readyInMs,
      ],
    );
    return rows[0] ?? null;
  }

  async bySenderAndControlId(sender: string, controlId: string): Promise<Hl7MessageRow | null> {
    const rows: Hl7MessageRow[] = await this.db.query(`SELECT ${COLUMNS} FROM hl7_messages WHERE sender = $1 AND control_id = $2`, [sender, controlId]);
    return rows[0] ?? null;
  }

  async byId(id: string): Promise<Hl7MessageRow | null> {
    const rows: Hl7MessageRow[] = await this.db.query(`SELECT ${COLUMNS} FROM hl7_messages WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * The first pending message of each patient (in the sender's order) whose time has come: a
   * patient's later messages wait behind it.
   */
  readyHeads(limit: number): Promise<Hl7MessageRow[]> {
    return this.db.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (patient_key) ${COLUMNS} FROM hl7_messages
          WHERE status = 'PENDING' ORDER BY patient_key, event_at, sequence NULLS LAST, id) heads
        WHERE ready_at <= now() ORDER BY ready_at, id LIMIT $1`,
      [limit],
    );
  }

  /** When the next pending message becomes ready (null when none is pending). */
  async nextReadyAt(): Promise<Date | null> {
    const rows: { at: Date | null }[] = await this.db.query(`SELECT min(ready_at) AS at FROM hl7_messages WHERE status = 'PENDING'`);
    return rows[0]?.at ?? null;
  }

  async hold(id: string, reason: string, retryInMs: number): Promise<void> {
    await this.db.query(
      `UPDATE hl7_messages SET held_reason = $2, attempts = attempts + 1, ready_at = now() + make_interval(secs => $3::double precision / 1000)
        WHERE id = $1 AND status = 'PENDING'`,
      [id, reason, retryInMs],
    );
  }

  async decide(
    id: string,
    status: 'APPLIED' | 'REFUSED',
    outcome: string,
    error: { code: string; location: string; text: string } | null,
    summary: Record<string, unknown> | null,
  ): Promise<void> {
    await this.db.query(
      `UPDATE hl7_messages SET status = $2, outcome = $3, error_code = $4, error_location = $5, error_text = $6, attempts = attempts + 1,
              decided_at = now(), summary = CASE WHEN $7::jsonb IS NULL THEN summary ELSE summary || $7::jsonb END
        WHERE id = $1 AND status = 'PENDING'`,
      [id, status, outcome, error?.code ?? null, error?.location ?? null, error?.text ?? null, summary ? JSON.stringify(summary) : null],
    );
  }

  /** A refused or held message back into the queue, now (the admin's retry). */
  async requeue(id: string): Promise<boolean> {
    const [, n]: [unknown, number] = await this.db.query(
      `UPDATE hl7_messages SET status = 'PENDING', ready_at = now(), received_at = now(), decided_at = NULL, error_code = NULL, error_location = NULL,
              error_text = NULL, outcome = NULL, held_reason = NULL, attempts = 0
        WHERE id = $1 AND status IN ('PENDING', 'REFUSED')`,
      [id],
    );
    return n > 0;
  }

  async dismiss(id: string, actorId: string, reason: string): Promise<boolean> {
    const [, n]: [unknown, number] = await this.db.query(
      `UPDATE hl7_messages SET status = 'DISMISSED', dismissed_by = $2, outcome = $3, decided_at = now()
        WHERE id = $1 AND status IN ('PENDING', 'REFUSED', 'REJECTED')`,
      [id, actorId, reason],
    );
    return n > 0;
  }

  async page(filter: Hl7LogFilter, beforeId: string | null, limit: number): Promise<{ total: number; rows: Hl7MessageRow[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.event) add('event = ?', filter.event);
    if (filter.medicalRecordNumber) add('medical_record_number = ?', filter.medicalRecordNumber);
    if (filter.sender) add('sender = ?', filter.sender);
    if (filter.receivedFrom) add('received_at >= ?', filter.receivedFrom);
    if (filter.receivedTo) add('received_at < ?', filter.receivedTo);
    const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM hl7_messages ${filterSql}`, params);
    const pageParams = [...params];
    let pageWhere = filterSql;
    if (beforeId) {
      pageParams.push(beforeId);
      pageWhere = `${filterSql ? `${filterSql} AND` : 'WHERE'} id < $${pageParams.length}`;
    }
    pageParams.push(limit);
    const rows: Hl7MessageRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM hl7_messages ${pageWhere} ORDER BY id DESC LIMIT $${pageParams.length}`,
      pageParams,
    );
    return { total: total[0].n, rows };
  }

  async patient(key: string): Promise<PatientState | null> {
    const rows: PatientState[] = await this.db.query(
      `SELECT patient_key, sex, expected_discharge_at, last_event_at, last_sequence::text AS last_sequence, last_message_id::text AS last_message_id
         FROM hl7_patients WHERE patient_key = $1`,
      [key],
    );
    return rows[0] ?? null;
  }

  async recordApplied(
    key: string,
    facts: { sex: string | null; expectedDischargeAt: Date | null; eventAt: Date; sequence: bigint | null; messageId: string },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO hl7_patients (patient_key, sex, expected_discharge_at, last_event_at, last_sequence, last_message_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (patient_key) DO UPDATE SET sex = COALESCE(EXCLUDED.sex, hl7_patients.sex),
              expected_discharge_at = COALESCE(EXCLUDED.expected_discharge_at, hl7_patients.expected_discharge_at),
              last_event_at = EXCLUDED.last_event_at, last_sequence = EXCLUDED.last_sequence, last_message_id = EXCLUDED.last_message_id, updated_at = now()`,
      [key, facts.sex, facts.expectedDischargeAt, facts.eventAt, facts.sequence?.toString() ?? null, facts.messageId],
    );
  }

  /** Messages per status, for /metrics. */
  countsByStatus(): Promise<{ status: string; held: boolean; n: number }[]> {
    return this.db.query(`SELECT status::text AS status, (held_reason IS NOT NULL) AS held, count(*)::int AS n FROM hl7_messages GROUP BY 1, 2`);
  }

  /** MSH-7 to applied, in seconds, over the last hour's applied messages. */
  async lagQuantiles(): Promise<{ p50: number | null; p99: number | null }> {
    const rows: { p50: number | null; p99: number | null }[] = await this.db.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - event_at)) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - event_at)) AS p99
         FROM hl7_messages WHERE status = 'APPLIED' AND decided_at > now() - interval '1 hour'`,
    );
    return rows[0] ?? { p50: null, p99: null };
  }
}
