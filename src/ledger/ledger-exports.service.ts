import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { HospitalsService } from '../hospitals/hospitals.service';
import { claimActors, exportPage, type ClaimRow } from './claims.repository';
import { CSV_BOM, csvLine, type CsvSeparator } from './csv';
import type { ExportRecord } from './export-verifier';
import { witaDateTime } from './fiscal-calendar';
import { findFund, listFunds } from './funds.repository';
import { chainPage } from './journal.repository';
import { sealsOf } from './ledger-seals.repository';
import type { DrawdownFilter } from './ledger.inputs';

/** Rows fetched per keyset page: an export holds one page in memory, never the whole year. */
export const EXPORT_PAGE_SIZE = 200;

type Cell =
  { kind: 'text'; value: string | null } | { kind: 'money'; value: bigint } | { kind: 'time'; value: Date | null } | { kind: 'date'; value: string | null };

/** The drawdown columns of the CSV and the XLSX export, in order. */
export const DRAWDOWN_COLUMNS = [
  'claim_id',
  'status',
  'medical_record_number',
  'patient_name',
  'ward',
  'payer_status',
  'evidence_source',
  'evidence_ground',
  'amount_requested',
  'amount_verified',
  'gross_paid',
  'refunded',
  'net_paid',
  'sp2d_number',
  'sp2d_date',
  'submitted_by',
  'submitted_at',
  'verified_by',
  'verified_at',
  'paid_by',
  'paid_at',
  'refunded_by',
  'refunded_at',
  'closed_reason',
  'updated_at',
] as const;

const text = (value: string | null): Cell => ({ kind: 'text', value });
const money = (value: bigint): Cell => ({ kind: 'money', value });
const time = (value: Date | null): Cell => ({ kind: 'time', value });

/** A WITA wall-clock time as the UTC Date Excel shows as that time (spreadsheets have no time zones). */
const witaAsExcel = (d: Date) => new Date(d.getTime() + 8 * 3600 * 1000);

/**
 * The auditors' files: drawdowns as CSV (BOM, `;` by default, WITA times, names instead of
 * ids) or XLSX (the same columns, typed cells; exceljs, whose streaming writer keeps one page in
 * memory), and the journal as JSON lines for the offline verifier.
 */
@Injectable()
export class LedgerExportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hospitals: HospitalsService,
  ) {}

  async writeCsv(out: Writable, filter: DrawdownFilter, separator: CsvSeparator): Promise<number> {
    await write(out, CSV_BOM + csvLine([...DRAWDOWN_COLUMNS], separator));
    return this.eachRow(filter, async (cells) => {
      const values = cells.map((c) => {
        if (c.kind === 'money') return c.value;
        if (c.kind === 'time') return c.value ? witaDateTime(c.value) : null;
        return c.value;
      });
      await write(out, csvLine(values, separator));
    });
  }

  async writeXlsx(out: Writable, filter: DrawdownFilter): Promise<number> {
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    const sheet = book.addWorksheet('Drawdowns');
    sheet.columns = DRAWDOWN_COLUMNS.map((c) => ({ header: c, key: c, width: c.endsWith('_at') ? 20 : 18 }));
    const rows = await this.eachRow(filter, (cells) => {
      const row = sheet.addRow(
        cells.map((c) => {
          if (c.kind === 'money') return Number(c.value);
          if (c.kind === 'time') return c.value ? witaAsExcel(c.value) : null;
          if (c.kind === 'date') return c.value ? new Date(`${c.value}T00:00:00Z`) : null;
          return c.value;
        }),
      );
      cells.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        if (c.kind === 'money') cell.numFmt = '#,##0';
        else if (c.kind === 'time') cell.numFmt = 'yyyy-mm-dd hh:mm:ss';
        else if (c.kind === 'date') cell.numFmt = 'yyyy-mm-dd';
      });
      row.commit();
      return Promise.resolve();
    });
    sheet.commit();
    await book.commit();
    return rows;
  }

  /** The journal of one fund (or every fund), with lines, document hashes and seals, one JSON object per line. */
  async writeJournal(out: Writable, fundId: string | undefined): Promise<number> {
    const funds = fundId ? [await findFund(this.db, fundId)].filter((f) => f !== null) : await listFunds(this.db);
    let n = 0;
    const emit = async (r: ExportRecord) => {
      n += 1;
      await write(out, JSON.stringify(r) + '\n');
    };
    for (const f of funds) {
      await emit({ type: 'fund', fundId: f.id, name: f.name, fiscalYear: f.fiscal_year, ceiling: f.ceiling, closedAt: f.closed_at?.toISOString() ?? null });
      for (let afterSeq = 0; ;) {
        const page = await chainPage(this.db, f.id, afterSeq, 1000);
        for (const e of page) {
          await emit({
            type: 'entry',
            id: e.id,
            fundId: f.id,
            seq: e.seq,
            kind: e.kind,
            claimId: e.claim_id,
            actorId: e.actor_id,
            at: e.at.toISOString(),
            effectiveAt: e.effective_at?.toISOString() ?? null,
            prevHash: e.prev_hash,
            hash: e.hash,
            lines: e.lines,
            documents: e.documents ?? [],
          });
        }
        if (page.length < 1000) break;
        afterSeq = page[page.length - 1].seq;
      }
      for (const s of await sealsOf(this.db, f.id)) {
        await emit({
          type: 'seal',
          fundId: f.id,
          period: s.period,
          headSeq: s.head_seq,
          headHash: s.head_hash,
          entryCount: s.entry_count,
          available: s.available,
          held: s.held,
          paid: s.paid,
          sealedAt: s.sealed_at.toISOString(),
          signature: s.signature,
        });
      }
    }
    return n;
  }

  /** Every claim matching the filter, oldest first, as the export's cells; returns the count. */
  private async eachRow(filter: DrawdownFilter, fn: (cells: Cell[]) => Promise<void>): Promise<number> {
    const wards = new Map<string, string>();
    let after: ClaimRow | null = null;
    let rows = 0;
    for (;;) {
      const page = await exportPage(this.db, filter, after ? [after.created_at, after.id] : null, EXPORT_PAGE_SIZE);
      const actors = await claimActors(
        this.db,
        page.map((r) => r.id),
      );
      const actor = (claimId: string, action: string) => actors.find((a) => a.claim_id === claimId && a.action === action) ?? null;
      for (const r of page) {
        if (r.ward_id && !wards.has(r.ward_id)) wards.set(r.ward_id, (await this.hospitals.ward(r.ward_id)).name);
        const [submit, verify, pay, refund] = ['SUBMIT', 'VERIFY', 'PAY', 'REFUND'].map((a) => actor(r.id, a));
        const gross = BigInt(r.paid_amount);
        const refunded = BigInt(r.refunded_amount);
        await fn([
          text(r.id),
          text(r.status),
          text(r.medical_record_number),
          text(r.patient_name),
          text(r.ward_id ? wards.get(r.ward_id)! : null),
          text(r.payer_status),
          text(r.evidence.source),
          text(r.evidence.ground),
          money(BigInt(r.amount)),
          r.verified_amount === null ? text(null) : money(BigInt(r.verified_amount)),
          money(gross),
          money(refunded),
          money(gross - refunded),
          text(r.sp2d_number),
          { kind: 'date', value: r.sp2d_date === null ? null : typeof r.sp2d_date === 'string' ? r.sp2d_date : localDate(r.sp2d_date) },
          text(submit?.actor_username ?? null),
          time(r.created_at),
          text(verify?.actor_username ?? null),
          time(verify?.at ?? null),
          text(pay?.actor_username ?? null),
          time(pay?.at ?? null),
          text(refund?.actor_username ?? null),
          time(refund?.at ?? null),
          text(r.reject_reason),
          time(r.updated_at),
        ]);
      }
      rows += page.length;
      if (page.length < EXPORT_PAGE_SIZE) return rows;
      after = page[page.length - 1];
    }
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;

/** Writes and waits for the client to drain, so a slow download holds one page in memory. */
async function write(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw new Error('the client went away');
  if (!out.write(chunk)) await once(out, 'drain');
}
