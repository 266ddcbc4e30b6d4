import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError, notFound } from '../common/error-codes';
import { claimsInFlight } from './claims.repository';
import { completedMonths } from './fiscal-calendar';
import { findFund, listFunds, lockFund, markFundClosed } from './funds.repository';
import { balancesThroughSeq, chainHead, firstEntryAt, headBefore } from './journal.repository';
import { insertSeal, sealedPeriods, sealsOf, toSealContent, type SealRow } from './ledger-seals.repository';
import { LedgerSigningKey } from './ledger-signing-key';
import type { FundModel, LedgerSealModel } from './ledger.models';
import type { Queryable } from './queryable';
import { GENESIS_HASH } from './hash-chain';
import { signSeal, type SealContent } from './seal';

export const toSealModel = (r: SealRow): LedgerSealModel => ({ ...toSealContent(r), signature: r.signature });

/**
 * Seals: after every month end (WITA) the worker signs each fund's chain head as it stood at
 * that midnight; closing a year signs the head at the close. One seal per fund and period
 * (ON CONFLICT DO NOTHING), so two workers or a restart never write a second one.
 */
@Injectable()
export class LedgerSealsService {
  private readonly log = new Logger(LedgerSealsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly key: LedgerSigningKey,
  ) {}

  /** Writes the missing month seals of every fund up to the last month ended before `now`; returns how many. */
  async sealDueMonths(now = new Date()): Promise<number> {
    let written = 0;
    for (const fund of await listFunds(this.db)) {
      const first = await firstEntryAt(this.db, fund.id);
      if (!first) continue;
      const done = await sealedPeriods(this.db, fund.id);
      for (const month of completedMonths(first, now)) {
        if (done.has(month.period)) continue;
        const head = (await headBefore(this.db, fund.id, month.end)) ?? { seq: 0, hash: GENESIS_HASH };
        if (await this.writeSeal(this.db, fund.id, month.period, head, now)) written += 1;
      }
    }
    if (written > 0) this.log.log({ msg: 'month seals written', written });
    return written;
  }

  /**
   * FINANCE closes the year: only without claims in flight (REQUESTED, HELD, VERIFIED); the
   * fund then takes refunds only, and the close is sealed in the same transaction.
   */
  async closeFund(actor: Principal, fundId: string): Promise<FundModel> {
    return this.db.transaction(async (m) => {
      const fund = await lockFund(m, fundId);
      if (!fund) throw notFound('Fund', fundId);
      if (fund.closedAt) throw new AppError('INVALID_TRANSITION', `The ${fund.fiscalYear} fund was closed on ${fund.closedAt.toISOString()} already.`);
      const inFlight = await claimsInFlight(m, fundId);
      if (inFlight > 0) {
        throw new AppError(
          'INVALID_TRANSITION',
          `The ${fund.fiscalYear} fund has ${inFlight} claim(s) still REQUESTED, HELD or VERIFIED; pay, reject or let them expire before closing the year.`,
        );
      }
      const at = new Date();
      await markFundClosed(m, fundId, actor.id, at);
      await this.writeSeal(m, fundId, `FY-${fund.fiscalYear}`, await chainHead(m, fundId), at);
      const row = (await findFund(m, fundId))!;
      return { id: fundId, name: row.name, fiscalYear: fund.fiscalYear, ceiling: fund.ceiling, closedAt: at };
    });
  }

  async seals(fundId: string): Promise<LedgerSealModel[]> {
    return (await sealsOf(this.db, fundId)).map(toSealModel);
  }

  private async writeSeal(q: Queryable, fundId: string, period: string, head: { seq: number; hash: string }, at: Date): Promise<boolean> {
    const balances = await balancesThroughSeq(q, fundId, head.seq);
    const of = (account: string) => BigInt(balances.find((b) => b.account === account)?.balance ?? '0');
    const content: SealContent = {
      fundId,
      period,
      headSeq: head.seq,
      headHash: head.hash,
      entryCount: head.seq,
      available: of('AVAILABLE'),
      held: of('HELD'),
      paid: of('PAID'),
      sealedAt: at,
    };
    return insertSeal(q, content, signSeal(content, this.key.privateKey));
  }
}
