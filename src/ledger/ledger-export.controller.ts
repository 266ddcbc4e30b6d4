import { Controller, Get, HttpException, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { once } from 'node:events';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { DATE_TIME_RULE, parseInstant } from '../common/date-range';
import { isUuid } from '../common/validation';
import { CLAIM_STATUSES, type ClaimStatus } from './claim-rules';
import { csvLine } from './csv';
import type { ClaimRow } from './claims.repository';
import type { DrawdownFilter } from './ledger.inputs';
import { LedgerQueriesService } from './ledger-queries.service';

const COLUMNS = [
  'claim_id',
  'submitted_at',
  'fund_id',
  'status',
  'medical_record_number',
  'patient_name',
  'ward_id',
  'payer_status',
  'evidence_source',
  'evidence_payer_status',
  'evidence_ground',
  'amount',
  'held_amount',
  'paid_amount',
  'refunded_amount',
  'reject_reason',
  'submitted_by',
  'updated_at',
];

/** Rows fetched per keyset page: the export holds one page in memory, never the whole year. */
export const EXPORT_PAGE_SIZE = 200;

const refuse = (status: number, code: string, message: string) => new HttpException({ code, message }, status);

/**
 * `GET /ledger/claims.csv?fundId=&status=&from=&to=&wardId=&medicalRecordNumber=`: the
 * auditors' drawdowns as CSV, for AUDITOR or FINANCE with `Authorization: Bearer` (the roles
 * of `claimExport` in the access matrix; a test keeps them equal). Streamed in keyset pages,
 * waiting for the client to drain each one.
 */
@Controller('ledger')
export class LedgerExportController {
  private readonly log = new Logger(LedgerExportController.name);

  constructor(private readonly queries: LedgerQueriesService) {}

  @Get('claims.csv')
  @Roles('AUDITOR', 'FINANCE')
  async exportClaims(@CurrentUser() principal: Principal, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const filter = parseFilter(query);

    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="drawdowns.csv"');
    res.setHeader('cache-control', 'no-store');
    res.write(csvLine(COLUMNS));
    let after: ClaimRow | null = null;
    let rows = 0;
    try {
      for (;;) {
        const page = await this.queries.exportPage(filter, after, EXPORT_PAGE_SIZE);
        for (const r of page) {
          const ok = res.write(
            csvLine([
              r.id,
              r.created_at,
              r.fund_id,
              r.status,
              r.medical_record_number,
              r.patient_name,
              r.ward_id,
              r.payer_status,
              r.evidence.source,
              r.evidence.payerStatusSeen,
              r.evidence.ground,
              r.amount,
              r.held_amount,
              r.paid_amount,
              r.refunded_amount,
              r.reject_reason,
              r.submitted_by,
              r.updated_at,
            ]),
          );
          if (!ok) await once(res, 'drain');
        }
        rows += page.length;
        if (page.length < EXPORT_PAGE_SIZE || res.destroyed) break;
        after = page[page.length - 1];
      }
      res.end();
      this.log.log({ msg: 'claims exported', rows, by: principal.username });
    } catch (err) {
      // Headers are gone already: cut the response so the client sees an incomplete file.
      this.log.error({ msg: 'claims export failed', error: (err as Error).message });
      res.destroy(err as Error);
    }
  }
}

function parseFilter(query: Record<string, unknown>): DrawdownFilter {
  const known = new Set(['fundId', 'status', 'from', 'to', 'wardId', 'medicalRecordNumber']);
  const filter: DrawdownFilter = {};
  for (const [key, raw] of Object.entries(query)) {
    if (!known.has(key)) throw refuse(400, 'BAD_USER_INPUT', `Unknown parameter ${key}; use ${[...known].join(', ')}.`);
    if (typeof raw !== 'string') throw refuse(400, 'BAD_USER_INPUT', `${key} must be given once.`);
    if ((key === 'fundId' || key === 'wardId') && !isUuid(raw)) throw refuse(400, 'BAD_USER_INPUT', `${key} must be a UUID.`);
    if (key === 'status' && !CLAIM_STATUSES.includes(raw as ClaimStatus)) {
      throw refuse(400, 'BAD_USER_INPUT', `status must be one of ${CLAIM_STATUSES.join(', ')}.`);
    }
    if ((key === 'from' || key === 'to') && !parseInstant(raw)) throw refuse(400, 'BAD_USER_INPUT', `${key} must be ${DATE_TIME_RULE}.`);
  }
  if (typeof query.fundId === 'string') filter.fundId = query.fundId;
  if (typeof query.status === 'string') filter.status = query.status as ClaimStatus;
  if (typeof query.from === 'string') filter.from = new Date(query.from);
  if (typeof query.to === 'string') filter.to = new Date(query.to);
  if (typeof query.wardId === 'string') filter.wardId = query.wardId;
  if (typeof query.medicalRecordNumber === 'string') filter.medicalRecordNumber = query.medicalRecordNumber;
  return filter;
}
