/**
 * SQL of claims and claim_events: the claim rows and their locks, idempotency lookups, the
 * history, and the auditors' drawdown pages and totals (shared with the CSV export). Raw SQL
 * on the DataSource or the caller's transaction (`Queryable`), like every ledger repository;
 * no TypeORM repositories.
 */
import type { PayerStatus } from '../beds/payer-status';
import type { EligibilityEvidence } from './claim.entity';
import type { ClaimAction, ClaimStatus } from './claim-rules';
import { openFundOfYearSql } from './funds.repository';
import type { DrawdownFilter } from './ledger.inputs';
import type { ClaimEventModel, ClaimModel } from './ledger.models';
import type { Queryable } from './queryable';

export interface ClaimRow {
  id: string;
  fund_id: string;
  idempotency_key: string;
  request_fingerprint: string;
  status: ClaimStatus;
  amount: string;
  held_amount: string;
  paid_amount: string;
  refunded_amount: string;
  payer_status: PayerStatus;
  medical_record_number: string;
  patient_name: string;
  nik: string | null;
  emergency: boolean;
  admission_id: string | null;
  ward_id: string | null;
  evidence: EligibilityEvidence;
  reject_reason: string | null;
  submitted_by: string;
  created_at: Date;
  updated_at: Date;
  held_at: Date | null;
  verified_at: Date | null;
  verified_amount: string | null;
  sp2d_number: string | null;
  /** pg reads a date column as a local-time Date. */
  sp2d_date: string | Date | null;
  payment_overdue_at: Date | null;
}

export interface ClaimEventRow {
  id: string;
  action: ClaimAction;
  from_status: ClaimStatus | null;
  to_status: ClaimStatus;
  amount: string | null;
  reason: string | null;
  actor_id: string | null;
  actor_username: string;
  at: Date;
}

export interface DrawdownTotalsRow {
  n: number;
  requested: string;
  held: string;
  paid: string;
  refunded: string;
}

/** The columns of a new claim (status REQUESTED, amounts held, paid and refunded 0). */
export interface NewClaim {
  fundId: string;
  idempotencyKey: string;
  requestFingerprint: string;
  amount: bigint;
  payerStatus: PayerStatus;
  medicalRecordNumber: string;
  patientName: string;
  nik: string | null;
  emergency: boolean;
  admissionId: string | null;
  wardId: string | null;
  evidence: EligibilityEvidence;
  submittedBy: string;
}

/** A new entry of a claim's history. */
export interface NewClaimEvent {
  claimId: string;
  action: ClaimAction;
  from: ClaimStatus | null;
  to: ClaimStatus;
  amount: bigint | null;
  reason: string | null;
  actorId: string | null;
  actorUsername: string;
  at: Date;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A date column as YYYY-MM-DD (pg gives a Date at local midnight). */
function dateText(v: string | Date | null): string | null {
  if (v === null || typeof v === 'string') return v;
  return `${v.getFullYear()}-${pad2(v.getMonth() + 1)}-${pad2(v.getDate())}`;
}

export const toClaimModel = (r: ClaimRow): ClaimModel => ({
  id: r.id,
  fundId: r.fund_id,
  idempotencyKey: r.idempotency_key,
  status: r.status,
  amount: BigInt(r.amount),
  heldAmount: BigInt(r.held_amount),
  paidAmount: BigInt(r.paid_amount),
  refundedAmount: BigInt(r.refunded_amount),
  payerStatus: r.payer_status,
  medicalRecordNumber: r.medical_record_number,
  patientName: r.patient_name,
  nik: r.nik,
  emergency: r.emergency,
  admissionId: r.admission_id,
  wardId: r.ward_id,
  evidence: {
    payerStatusSeen: r.evidence.payerStatusSeen,
    source: r.evidence.source,
    ground: r.evidence.ground,
    checkedAt: new Date(r.evidence.checkedAt),
    checkedBy: r.evidence.checkedBy,
    nikPresent: r.evidence.nikPresent,
    bpjsStatusCode: r.evidence.bpjs && 'statusCode' in r.evidence.bpjs ? r.evidence.bpjs.statusCode : null,
    bpjsStatus: !r.evidence.bpjs
      ? null
      : 'status' in r.evidence.bpjs
        ? r.evidence.bpjs.status
        : 'error' in r.evidence.bpjs
          ? `not asked: ${r.evidence.bpjs.error}`
          : 'not a JKN participant',
  },
  rejectReason: r.reject_reason,
  submittedBy: r.submitted_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  heldAt: r.held_at,
  verifiedAt: r.verified_at,
  verifiedAmount: r.verified_amount === null ? null : BigInt(r.verified_amount),
  sp2dNumber: r.sp2d_number,
  sp2dDate: dateText(r.sp2d_date),
  paymentOverdueAt: r.payment_overdue_at,
});

export const toClaimEventModel = (r: ClaimEventRow): ClaimEventModel => ({
  id: r.id,
  action: r.action,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  amount: r.amount === null ? null : BigInt(r.amount),
  reason: r.reason,
  actorId: r.actor_id,
  actorUsername: r.actor_username,
  at: r.at,
});

// ---- claims ----------------------------------------------------------------------------------

export async function findClaim(q: Queryable, id: string): Promise<ClaimRow | null> {
  const rows = await q.query<ClaimRow[]>(`SELECT * FROM claims WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** The status of each of `ids` that exists, oldest first: the order in which their holds are decided. */
export async function statusesOf(q: Queryable, ids: readonly string[]): Promise<{ id: string; status: ClaimStatus }[]> {
  return q.query(`SELECT id, status FROM claims WHERE id = ANY($1::uuid[]) ORDER BY created_at, id`, [ids]);
}

/** The claim, locked for the rest of the caller's transaction (taken before the fund's lock). */
export async function lockClaim(m: Queryable, id: string): Promise<ClaimRow | null> {
  const rows = await m.query<ClaimRow[]>(`SELECT * FROM claims WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

export async function findByIdempotencyKey(q: Queryable, key: string): Promise<ClaimRow | null> {
  const rows = await q.query<ClaimRow[]>(`SELECT * FROM claims WHERE idempotency_key = $1`, [key]);
  return rows[0] ?? null;
}

/** What `recordNewClaim` did: recorded the claim (with its SUBMIT event), found the key's claim, or neither. */
export type NewClaimOutcome = { kind: 'created'; claim: ClaimRow; eventId: string } | { kind: 'existing'; claim: ClaimRow } | { kind: 'refused' };

/**
 * One statement for a new claim: inserts it as REQUESTED with its SUBMIT event, only if its fund
 * is open and of `fiscalYear`; the claim already recorded under the idempotency key is returned
 * instead ('existing'). 'refused': the fund is not the open one of that year, or a concurrent
 * submission with the key committed after this statement began (the caller reads again to tell).
 */
export async function recordNewClaim(m: Queryable, c: NewClaim, fiscalYear: number, actorUsername: string): Promise<NewClaimOutcome> {
  const rows = await m.query<(ClaimRow & { event_id: string | null })[]>(
    `WITH fund AS (${openFundOfYearSql('$1::uuid', '$14::int')}),
     ins AS (
       INSERT INTO claims (fund_id, idempotency_key, request_fingerprint, status, amount, payer_status, medical_record_number,
                           patient_name, nik, emergency, admission_id, ward_id, evidence, submitted_by)
       SELECT fund.id, $2, $3, 'REQUESTED'::claim_status, $4::bigint, $5::payer_status, $6, $7, $8, $9::boolean, $10::uuid, $11::uuid, $12::jsonb, $13::uuid FROM fund
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING *),
     ev AS (
       INSERT INTO claim_events (claim_id, action, from_status, to_status, amount, actor_id, actor_username, at)
       SELECT ins.id, 'SUBMIT'::claim_action, NULL, 'REQUESTED'::claim_status, ins.amount, ins.submitted_by, $15, ins.created_at FROM ins RETURNING id)
     SELECT ins.*, (SELECT ev.id FROM ev) AS event_id FROM ins
     UNION ALL
     SELECT c.*, NULL AS event_id FROM claims c WHERE c.idempotency_key = $2 AND NOT EXISTS (SELECT 1 FROM ins)`,
    [
      c.fundId,
      c.idempotencyKey,
      c.requestFingerprint,
      c.amount.toString(),
      c.payerStatus,
      c.medicalRecordNumber,
      c.patientName,
      c.nik,
      c.emergency,
      c.admissionId,
      c.wardId,
      JSON.stringify(c.evidence),
      c.submittedBy,
      fiscalYear,
      actorUsername,
    ],
  );
  const row = rows[0];
  if (!row) return { kind: 'refused' };
  const { event_id: eventId, ...claim } = row;
  return eventId === null ? { kind: 'existing', claim } : { kind: 'created', claim, eventId: String(eventId) };
}

/**
 * Up to `limit` other REQUESTED claims of the fund, oldest first, locked for the caller's
 * transaction: the rest of a hold batch. SKIP LOCKED, as these locks are taken after the claim
 * of the job: a claim another transaction holds is left to it instead of waited for.
 */
export function lockRequestedClaims(m: Queryable, fundId: string, exceptId: string, limit: number): Promise<ClaimRow[]> {
  return m.query<ClaimRow[]>(
    `SELECT * FROM claims WHERE fund_id = $1 AND status = 'REQUESTED' AND id <> $2 ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [fundId, exceptId, limit],
  );
}

/** The worker's decision on a locked REQUESTED claim: HELD for its amount, or REJECTED with the reason. */
export type HoldOutcome = { id: string; status: 'HELD'; amount: bigint } | { id: string; status: 'REJECTED'; reason: string };

/** Applies the hold batch's outcomes in one statement (the claims are locked); the rows in no set order. */
export async function markHoldOutcomes(m: Queryable, outcomes: readonly HoldOutcome[], at: Date): Promise<ClaimRow[]> {
  const [rows] = await m.query<[ClaimRow[], number]>(
    `UPDATE claims c
        SET status = o.status::claim_status,
            held_amount = CASE WHEN o.status = 'HELD' THEN o.amount::bigint ELSE c.held_amount END,
            held_at = CASE WHEN o.status = 'HELD' THEN $4 ELSE c.held_at END,
            reject_reason = CASE WHEN o.status = 'REJECTED' THEN o.reason ELSE c.reject_reason END,
            updated_at = $4
       FROM unnest($1::uuid[], $2::text[], $3::text[], $5::text[]) AS o(id, status, amount, reason)
      WHERE c.id = o.id
      RETURNING c.*`,
    [
      outcomes.map((o) => o.id),
      outcomes.map((o) => o.status),
      outcomes.map((o) => (o.status === 'HELD' ? o.amount.toString() : null)),
      at,
      outcomes.map((o) => (o.status === 'REJECTED' ? o.reason : null)),
    ],
  );
  return rows;
}

/** Claims still REQUESTED, oldest first (the sweep's batch). */
export async function pendingClaimIds(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ id: string }[]>(`SELECT id FROM claims WHERE status = 'REQUESTED' ORDER BY created_at LIMIT 1000`);
  return rows.map((r) => r.id);
}

/** TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, rowCount]; the claim is locked, so one row. */
async function updateClaim(m: Queryable, sql: string, params: unknown[]): Promise<ClaimRow> {
  const [rows] = await m.query<[ClaimRow[], number]>(sql, params);
  return rows[0];
}

/** The worker found too little available: REQUESTED becomes REJECTED with the reason. */
export function markRejectedForFunds(m: Queryable, id: string, reason: string, at: Date): Promise<ClaimRow> {
  return updateClaim(m, `UPDATE claims SET status = 'REJECTED', reject_reason = $2, updated_at = $3 WHERE id = $1 RETURNING *`, [id, reason, at]);
}

export function markHeld(m: Queryable, id: string, amount: bigint, at: Date): Promise<ClaimRow> {
  return updateClaim(m, `UPDATE claims SET status = 'HELD', held_amount = $2, held_at = $3, updated_at = $3 WHERE id = $1 RETURNING *`, [
    id,
    amount.toString(),
    at,
  ]);
}

/** HELD becomes VERIFIED for `amount` (at most the hold); the hold shrinks to it. */
export function markVerified(m: Queryable, id: string, amount: bigint, at: Date): Promise<ClaimRow> {
  return updateClaim(
    m,
    `UPDATE claims SET status = 'VERIFIED', held_amount = $2, verified_amount = $2, verified_at = $3, updated_at = $3 WHERE id = $1 RETURNING *`,
    [id, amount.toString(), at],
  );
}

/** The hold ran out: HELD becomes EXPIRED and holds nothing. */
export function markExpired(m: Queryable, id: string, reason: string, at: Date): Promise<ClaimRow> {
  return updateClaim(m, `UPDATE claims SET status = 'EXPIRED', held_amount = 0, reject_reason = $2, updated_at = $3 WHERE id = $1 RETURNING *`, [
    id,
    reason,
    at,
  ]);
}

export function markPaymentOverdue(m: Queryable, id: string, at: Date): Promise<ClaimRow> {
  return updateClaim(m, `UPDATE claims SET payment_overdue_at = $2, updated_at = $2 WHERE id = $1 RETURNING *`, [id, at]);
}

/** HELD claims whose hold was placed at or before `heldBefore`, oldest first. */
export async function expiredHoldIds(q: Queryable, heldBefore: Date, limit: number): Promise<string[]> {
  const rows = await q.query<{ id: string }[]>(`SELECT id FROM claims WHERE status = 'HELD' AND held_at <= $1 ORDER BY held_at, id LIMIT $2`, [
    heldBefore,
    limit,
  ]);
  return rows.map((r) => r.id);
}

/** VERIFIED claims verified at or before `verifiedBefore` and not flagged yet. */
export async function overduePaymentIds(q: Queryable, verifiedBefore: Date, limit: number): Promise<string[]> {
  const rows = await q.query<{ id: string }[]>(
    `SELECT id FROM claims WHERE status = 'VERIFIED' AND payment_overdue_at IS NULL AND verified_at <= $1 ORDER BY verified_at, id LIMIT $2`,
    [verifiedBefore, limit],
  );
  return rows.map((r) => r.id);
}

/** The claim of the fund paid under this SP2D number, if any. */
export async function claimBySp2d(q: Queryable, fundId: string, sp2dNumber: string): Promise<string | null> {
  const rows = await q.query<{ id: string }[]>(`SELECT id FROM claims WHERE fund_id = $1 AND sp2d_number = $2`, [fundId, sp2dNumber]);
  return rows[0]?.id ?? null;
}

/** Claims in flight (REQUESTED, HELD, VERIFIED) of the fund: a year is closed only without them. */
export async function claimsInFlight(q: Queryable, fundId: string): Promise<number> {
  const [{ n }] = await q.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM claims WHERE fund_id = $1 AND status IN ('REQUESTED', 'HELD', 'VERIFIED')`, [
    fundId,
  ]);
  return n;
}

/** Other claims for the same NIK or record number, in the same admission or submitted within `windowDays`. */
export function duplicateCandidates(q: Queryable, c: ClaimRow, windowDays: number): Promise<ClaimRow[]> {
  return q.query<ClaimRow[]>(
    `SELECT * FROM claims
      WHERE id <> $1 AND (medical_record_number = $2 OR ($3::text IS NOT NULL AND nik = $3))
        AND ((admission_id IS NOT NULL AND admission_id = $4) OR created_at BETWEEN $5::timestamptz - make_interval(secs => $6) AND $5::timestamptz + make_interval(secs => $6))
      ORDER BY created_at LIMIT 50`,
    [c.id, c.medical_record_number, c.nik, c.admission_id, c.created_at, windowDays * 86400],
  );
}

/** The verifier's queue: HELD claims of the fund, oldest hold first, after the (held_at, id) key. */
export function heldQueuePage(q: Queryable, fundId: string, after: readonly [string, string] | null, limit: number): Promise<ClaimRow[]> {
  const params: unknown[] = [fundId, limit];
  let keyset = '';
  if (after) {
    params.push(after[0], after[1]);
    keyset = ` AND (held_at, id) > ($3::timestamptz, $4::uuid)`;
  }
  return q.query<ClaimRow[]>(`SELECT * FROM claims WHERE fund_id = $1 AND status = 'HELD'${keyset} ORDER BY held_at, id LIMIT $2`, params);
}

export async function heldQueueCount(q: Queryable, fundId: string): Promise<number> {
  const [{ n }] = await q.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM claims WHERE fund_id = $1 AND status = 'HELD'`, [fundId]);
  return n;
}

/** Who submitted, verified and paid each claim and when, from the history (for the exports). */
export function claimActors(q: Queryable, claimIds: readonly string[]): Promise<{ claim_id: string; action: ClaimAction; actor_username: string; at: Date }[]> {
  return q.query<{ claim_id: string; action: ClaimAction; actor_username: string; at: Date }[]>(
    `SELECT DISTINCT ON (claim_id, action) claim_id, action, actor_username, at FROM claim_events
      WHERE claim_id = ANY($1::uuid[]) AND action IN ('SUBMIT', 'VERIFY', 'PAY', 'REFUND', 'REJECT', 'EXPIRE')
      ORDER BY claim_id, action, id DESC`,
    [claimIds],
  );
}

/** Public figures of a fund: claims held now, and distinct patients (record numbers) with a net payment. */
export async function publicClaimCounts(q: Queryable, fundId: string): Promise<{ patients_helped: number; claims_paid: number }> {
  const [row] = await q.query<{ patients_helped: number; claims_paid: number }[]>(
    `SELECT count(DISTINCT medical_record_number)::int AS patients_helped, count(*)::int AS claims_paid
       FROM claims WHERE fund_id = $1 AND paid_amount > refunded_amount`,
    [fundId],
  );
  return row;
}

export function setStatus(m: Queryable, id: string, to: ClaimStatus, at: Date): Promise<ClaimRow> {
  return updateClaim(m, `UPDATE claims SET status = $2, updated_at = $3 WHERE id = $1 RETURNING *`, [id, to, at]);
}

export function markRejected(m: Queryable, id: string, to: ClaimStatus, reason: string, at: Date): Promise<ClaimRow> {
  return updateClaim(m, `UPDATE claims SET status = $2, held_amount = 0, reject_reason = $3, updated_at = $4 WHERE id = $1 RETURNING *`, [id, to, reason, at]);
}

export function markPaid(m: Queryable, id: string, to: ClaimStatus, amount: bigint, sp2d: { number: string; date: string }, at: Date): Promise<ClaimRow> {
  return updateClaim(
    m,
    `UPDATE claims SET status = $2, held_amount = 0, paid_amount = $3, sp2d_number = $4, sp2d_date = $5, updated_at = $6 WHERE id = $1 RETURNING *`,
    [id, to, amount.toString(), sp2d.number, sp2d.date, at],
  );
}

export function markRefunded(m: Queryable, id: string, to: ClaimStatus, amount: bigint, at: Date): Promise<ClaimRow> {
  return updateClaim(m, `UPDATE claims SET status = $2, refunded_amount = $3, updated_at = $4 WHERE id = $1 RETURNING *`, [id, to, amount.toString(), at]);
}

// ---- claim_events ----------------------------------------------------------------------------

export function claimEvents(q: Queryable, claimId: string): Promise<ClaimEventRow[]> {
  return q.query<ClaimEventRow[]>(`SELECT * FROM claim_events WHERE claim_id = $1 ORDER BY id`, [claimId]);
}

/** Who verified the claim last (null: nobody, or the worker). */
export async function lastVerifier(m: Queryable, claimId: string): Promise<string | null> {
  const rows = await m.query<{ actor_id: string | null }[]>(
    `SELECT actor_id FROM claim_events WHERE claim_id = $1 AND action = 'VERIFY' ORDER BY id DESC LIMIT 1`,
    [claimId],
  );
  return rows[0]?.actor_id ?? null;
}

/** Appends to the claim's history; returns the event id (bigint as text), which grows per action. */
export async function insertClaimEvent(m: Queryable, e: NewClaimEvent): Promise<string> {
  const [{ id }] = await m.query<{ id: string }[]>(
    `INSERT INTO claim_events (claim_id, action, from_status, to_status, amount, reason, actor_id, actor_username, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [e.claimId, e.action, e.from, e.to, e.amount?.toString() ?? null, e.reason, e.actorId, e.actorUsername, e.at],
  );
  return id;
}

/** Appends the events in one statement; returns each claim's new event id (one event per claim). */
export async function insertClaimEvents(m: Queryable, events: readonly NewClaimEvent[]): Promise<Map<string, string>> {
  if (events.length === 0) return new Map();
  const rows = await m.query<{ id: string; claim_id: string }[]>(
    `INSERT INTO claim_events (claim_id, action, from_status, to_status, amount, reason, actor_id, actor_username, at)
     SELECT e.claim_id, e.action::claim_action, e.from_status::claim_status, e.to_status::claim_status, e.amount::bigint, e.reason, e.actor_id, e.actor_username, e.at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::timestamptz[])
            WITH ORDINALITY AS e(claim_id, action, from_status, to_status, amount, reason, actor_id, actor_username, at, n)
      ORDER BY e.n
     RETURNING id, claim_id`,
    [
      events.map((e) => e.claimId),
      events.map((e) => e.action),
      events.map((e) => e.from),
      events.map((e) => e.to),
      events.map((e) => e.amount?.toString() ?? null),
      events.map((e) => e.reason),
      events.map((e) => e.actorId),
      events.map((e) => e.actorUsername),
      events.map((e) => e.at),
    ],
  );
  return new Map(rows.map((r) => [r.claim_id, String(r.id)]));
}

// ---- the auditors' drawdowns -----------------------------------------------------------------

/** The WHERE clause of the auditors' filter, shared by the drawdown pages, totals and the CSV export. */
function drawdownWhere(filter: DrawdownFilter): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.fundId) add('c.fund_id = ?', filter.fundId);
  if (filter.status) add('c.status = ?', filter.status);
  if (filter.from) add('c.created_at >= ?', filter.from);
  if (filter.to) add('c.created_at < ?', filter.to);
  if (filter.wardId) add('c.ward_id = ?', filter.wardId);
  if (filter.medicalRecordNumber) add('c.medical_record_number = ?', filter.medicalRecordNumber);
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Count and sums over every claim matching the filter. */
export async function drawdownTotals(q: Queryable, filter: DrawdownFilter): Promise<DrawdownTotalsRow> {
  const { where, params } = drawdownWhere(filter);
  const rows = await q.query<DrawdownTotalsRow[]>(
    `SELECT count(*)::int AS n, coalesce(sum(amount), 0)::text AS requested, coalesce(sum(held_amount), 0)::text AS held,
            coalesce(sum(paid_amount), 0)::text AS paid, coalesce(sum(refunded_amount), 0)::text AS refunded
       FROM claims c ${where}`,
    params,
  );
  return rows[0];
}

/** Up to `limit` matching claims, newest first, before the (created_at, id) `before` key. */
export function drawdownPage(q: Queryable, filter: DrawdownFilter, before: readonly [string, string] | null, limit: number): Promise<ClaimRow[]> {
  const { where, params } = drawdownWhere(filter);
  const pageParams = [...params];
  let keyset = '';
  if (before) {
    pageParams.push(before[0], before[1]);
    keyset = `${where ? ' AND' : 'WHERE'} (c.created_at, c.id) < ($${pageParams.length - 1}::timestamptz, $${pageParams.length}::uuid)`;
  }
  pageParams.push(limit);
  return q.query<ClaimRow[]>(`SELECT c.* FROM claims c ${where}${keyset} ORDER BY c.created_at DESC, c.id DESC LIMIT $${pageParams.length}`, pageParams);
}

/** Up to `limit` matching claims, oldest first, after the (created_at, id) `after` key: the CSV export's pages. */
export function exportPage(q: Queryable, filter: DrawdownFilter, after: readonly [Date, string] | null, limit: number): Promise<ClaimRow[]> {
  const { where, params } = drawdownWhere(filter);
  const pageParams = [...params];
  let keyset = '';
  if (after) {
    pageParams.push(after[0], after[1]);
    keyset = `${where ? ' AND' : 'WHERE'} (c.created_at, c.id) > ($${pageParams.length - 1}, $${pageParams.length}::uuid)`;
  }
  pageParams.push(limit);
  return q.query<ClaimRow[]>(`SELECT c.* FROM claims c ${where}${keyset} ORDER BY c.created_at, c.id LIMIT $${pageParams.length}`, pageParams);
}
