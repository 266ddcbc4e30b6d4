import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput, notFound } from '../common/error-codes';
import { decodeCursor, encodeCursor, pageSize } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { duplicateCandidates, findClaim, heldQueueCount, heldQueuePage, publicClaimCounts, toClaimModel, type ClaimRow } from './claims.repository';
import { duplicateReasons, type DuplicateKey } from './duplicates';
import { fiscalYearOf, monthOf, monthStart } from './fiscal-calendar';
import { findFund, fundOfYear, listFunds } from './funds.repository';
import { balanceChanges, balancesAt, paidPerMonth } from './journal.repository';
import { latestSeal } from './ledger-seals.repository';
import type { BalancePointModel, ClaimDuplicateModel, FundTransparencyModel, VerificationQueueConnection } from './ledger.models';

/** At most this many points in one balance series (a year of days). */
const MAX_POINTS = 400;

const key = (r: ClaimRow): DuplicateKey => ({
  id: r.id,
  nik: r.nik,
  medicalRecordNumber: r.medical_record_number,
  admissionId: r.admission_id,
  createdAt: r.created_at,
});

/** What the verifier's queue, the auditor's chart and the public page read. */
@Injectable()
export class LedgerReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** HELD claims of the fund, oldest hold first (the verifier's queue). */
  async verificationQueue(fundId: string, first: number | undefined, after: string | undefined): Promise<VerificationQueueConnection> {
    if (!(await findFund(this.db, fundId))) throw notFound('Fund', fundId);
    const size = pageSize(first);
    const cursor = decodeCursor(after, ['instant', 'uuid']);
    const rows = await heldQueuePage(this.db, fundId, cursor ? [cursor[0], cursor[1]] : null, size + 1);
    const page = rows.slice(0, size);
    const edges = page.map((r) => ({ cursor: encodeCursor([(r.held_at ?? r.created_at).toISOString(), r.id]), node: toClaimModel(r) }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
      totalCount: await heldQueueCount(this.db, fundId),
    };
  }

  /** Other claims that may be doubles of this one (same NIK or record number; same admission or within the window). */
  async duplicates(claimId: string): Promise<ClaimDuplicateModel[]> {
    const claim = await findClaim(this.db, claimId);
    if (!claim) return [];
    const window = this.config.env.CLAIM_DUPLICATE_WINDOW_DAYS;
    const out: ClaimDuplicateModel[] = [];
    for (const other of await duplicateCandidates(this.db, claim, window)) {
      const reasons = duplicateReasons(key(claim), key(other), window);
      if (reasons.length > 0) out.push({ claimId: other.id, status: other.status, amount: BigInt(other.amount), createdAt: other.created_at, reasons });
    }
    return out;
  }

  /** The balances at the end of each WITA day or month from `from` to `to`, from the journal's effective dates. */
  async balanceSeries(fundId: string, from: Date, to: Date, unit: 'day' | 'month'): Promise<BalancePointModel[]> {
    if (!(await findFund(this.db, fundId))) throw notFound('Fund', fundId);
    if (to.getTime() <= from.getTime()) throw badInput('to must be after from.');
    const starts = bucketStarts(from, to, unit);
    if (starts.length > MAX_POINTS)
      throw badInput(`The period has ${starts.length} ${unit}s; at most ${MAX_POINTS} points per series (use MONTH for long periods).`);
    const changes = await balanceChanges(this.db, fundId, unit, to);
    const running = { available: 0n, held: 0n, paid: 0n };
    const points: BalancePointModel[] = [];
    let i = 0;
    for (const [n, start] of starts.entries()) {
      const end = n + 1 < starts.length ? starts[n + 1] : to;
      while (i < changes.length && changes[i].bucket.getTime() < end.getTime()) {
        const c = changes[i++];
        const delta = BigInt(c.delta);
        if (c.account === 'AVAILABLE') running.available += delta;
        else if (c.account === 'HELD') running.held += delta;
        else if (c.account === 'PAID') running.paid += delta;
      }
      points.push({ start, asOf: end, ...running });
    }
    return points;
  }

  /** The public summary of the fund of a year (default: the newest fund): no personal data. */
  async transparency(fiscalYear: number | undefined): Promise<FundTransparencyModel> {
    const fund = fiscalYear === undefined ? (await listFunds(this.db))[0] : await fundOfYear(this.db, fiscalYear);
    if (!fund) throw notFound('Fund of fiscal year', String(fiscalYear ?? fiscalYearOf(new Date())));
    const now = new Date();
    const balances = await balancesAt(this.db, fund.id, now);
    const of = (account: string) => BigInt(balances.find((b) => b.account === account)?.balance ?? '0');
    const counts = await publicClaimCounts(this.db, fund.id);
    const perMonth = await paidPerMonth(this.db, fund.id);
    const months = [];
    for (let m = 1; m <= 12; m += 1) {
      const start = monthStart(fund.fiscal_year, m);
      if (start.getTime() > now.getTime()) break;
      const month = monthOf(start);
      const end = new Date(Math.min(monthStart(fund.fiscal_year, m + 1).getTime(), now.getTime()));
      const heldThen = (await balancesAt(this.db, fund.id, new Date(end.getTime() - 1))).find((b) => b.account === 'HELD')?.balance ?? '0';
      const paid = perMonth.find((p) => p.month === month);
      months.push({ month, paid: BigInt(paid?.paid ?? '0'), held: BigInt(heldThen), claimsPaid: paid?.claims_paid ?? 0 });
    }
    const seal = await latestSeal(this.db, fund.id);
    return {
      fiscalYear: fund.fiscal_year,
      name: fund.name,
      ceiling: BigInt(fund.ceiling),
      paid: of('PAID'),
      held: of('HELD'),
      available: of('AVAILABLE'),
      patientsHelped: counts.patients_helped,
      months,
      sealedHeadHash: seal?.head_hash ?? null,
      sealedPeriod: seal?.period ?? null,
      sealedAt: seal?.sealed_at ?? null,
    };
  }
}

/** First instants (WITA) of the days or months that overlap [from, to). */
function bucketStarts(from: Date, to: Date, unit: 'day' | 'month'): Date[] {
  const [y, m] = monthOf(from).split('-').map(Number);
  const out: Date[] = [];
  if (unit === 'month') {
    for (let i = 0; ; i += 1) {
      const s = monthStart(y, m + i);
      if (s.getTime() >= to.getTime() || out.length > MAX_POINTS) return out;
      out.push(s);
    }
  }
  const dayMs = 86_400_000;
  const wita = 8 * 3600 * 1000;
  let s = new Date(Math.floor((from.getTime() + wita) / dayMs) * dayMs - wita);
  while (s.getTime() < to.getTime() && out.length <= MAX_POINTS) {
    out.push(s);
    s = new Date(s.getTime() + dayMs);
  }
  return out;
}
