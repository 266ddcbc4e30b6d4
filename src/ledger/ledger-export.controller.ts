import { Controller, Get, HttpException, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { DATE_TIME_RULE, parseInstant } from '../common/date-range';
import { isUuid } from '../common/validation';
import { CLAIM_STATUSES, type ClaimStatus } from './claim-rules';
import { CSV_SEPARATORS, type CsvSeparator } from './csv';
import type { DrawdownFilter } from './ledger.inputs';
import { LedgerExportsService } from './ledger-exports.service';

const refuse = (status: number, code: string, message: string) => new HttpException({ code, message }, status);

/**
 * `GET /ledger/claims.csv?fundId=&status=&from=&to=&wardId=&medicalRecordNumber=&sep=`: the
 * auditors' drawdowns as CSV (BOM, `sep=;` by default, `sep=,` on request), and
 * `GET /ledger/claims.xlsx` with the same filter, for AUDITOR or FINANCE with
 * `Authorization: Bearer` (the roles of
 * `claimExport` in the access matrix; a test keeps them equal). Streamed in keyset pages, waiting for the client to drain each one.
 */
@Controller('ledger')
export class LedgerExportController {
  private readonly log = new Logger(LedgerExportController.name);

  constructor(private readonly exports: LedgerExportsService) {}

  @Get('claims.csv')
  @Roles('AUDITOR', 'FINANCE')
  async exportClaims(@CurrentUser() principal: Principal, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    await this.export(principal, res, query, 'csv');
  }

  @Get('claims.xlsx')
  @Roles('AUDITOR', 'FINANCE')
  async exportClaimsXlsx(@CurrentUser() principal: Principal, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    await this.export(principal, res, query, 'xlsx');
  }

  private async export(principal: Principal, res: Response, query: Record<string, unknown>, format: 'csv' | 'xlsx'): Promise<void> {
    const { filter, separator } = parseFilter(query, format);

    res.status(200);
    res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename="drawdowns.${format}"`);
    res.setHeader('cache-control', 'no-store');
    try {
      const rows = format === 'csv' ? await this.exports.writeCsv(res, filter, separator) : await this.exports.writeXlsx(res, filter);
      res.end();
      this.log.log({ msg: 'claims exported', format, rows, by: principal.username });
    } catch (err) {
      // Headers are gone already: cut the response so the client sees an incomplete file.
      this.log.error({ msg: 'claims export failed', error: (err as Error).message });
      res.destroy(err as Error);
    }
  }
}

function parseFilter(query: Record<string, unknown>, format: 'csv' | 'xlsx'): { filter: DrawdownFilter; separator: CsvSeparator } {
  const known = new Set(['fundId', 'status', 'from', 'to', 'wardId', 'medicalRecordNumber', ...(format === 'csv' ? ['sep'] : [])]);
  const filter: DrawdownFilter = {};
  for (const [key, raw] of Object.entries(query)) {
    if (!known.has(key)) throw refuse(400, 'BAD_USER_INPUT', `Unknown parameter ${key}; use ${[...known].join(', ')}.`);
    if (typeof raw !== 'string') throw refuse(400, 'BAD_USER_INPUT', `${key} must be given once.`);
    if ((key === 'fundId' || key === 'wardId') && !isUuid(raw)) throw refuse(400, 'BAD_USER_INPUT', `${key} must be a UUID.`);
    if (key === 'status' && !CLAIM_STATUSES.includes(raw as ClaimStatus)) {
      throw refuse(400, 'BAD_USER_INPUT', `status must be one of ${CLAIM_STATUSES.join(', ')}.`);
    }
    if ((key === 'from' || key === 'to') && !parseInstant(raw)) throw refuse(400, 'BAD_USER_INPUT', `${key} must be ${DATE_TIME_RULE}.`);
    if (key === 'sep' && !CSV_SEPARATORS.includes(raw as CsvSeparator)) throw refuse(400, 'BAD_USER_INPUT', `sep must be ; (the default) or ,.`);
  }
  if (typeof query.fundId === 'string') filter.fundId = query.fundId;
  if (typeof query.status === 'string') filter.status = query.status as ClaimStatus;
  if (typeof query.from === 'string') filter.from = new Date(query.from);
  if (typeof query.to === 'string') filter.to = new Date(query.to);
  if (typeof query.wardId === 'string') filter.wardId = query.wardId;
  if (typeof query.medicalRecordNumber === 'string') filter.medicalRecordNumber = query.medicalRecordNumber;
  return { filter, separator: query.sep === ',' ? ',' : ';' };
}
