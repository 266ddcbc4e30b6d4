import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LiveFeed } from '../live/live-feed';
import { notFound } from '../common/error-codes';
import { AppConfig } from '../config/app-config';
import { EventBus } from '../outbox/event-bus';
import { isLowBalance } from './claim-rules';
import { currentBalances } from './funds.repository';
import { CLAIM_CHANGED, FUND_BALANCE_CHANGED } from './ledger.topics';
import type { ClaimChange, FundBalanceChange } from './ledger.payloads';

/** claimChanged and fundBalanceChanged: fed by the outbox relay, one pub/sub listener per process. */
@Injectable()
export class LedgerLiveService implements OnModuleInit, OnModuleDestroy {
  private readonly claims: LiveFeed<ClaimChange>;
  private readonly balances: LiveFeed<FundBalanceChange>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    bus: EventBus,
  ) {
    this.claims = new LiveFeed(bus, {
      topic: CLAIM_CHANGED.name,
      parse: CLAIM_CHANGED.parse,
      keyOf: (c) => c.claimId,
      seqOf: (c) => BigInt(c.seq),
      // Claims have no cheap "current state of all" to replay after a reconnect; subscribers
      // that need certainty read drawdowns again.
      current: () => Promise.resolve([]),
    });
    this.balances = new LiveFeed(bus, {
      topic: FUND_BALANCE_CHANGED.name,
      parse: FUND_BALANCE_CHANGED.parse,
      keyOf: (b) => b.fundId,
      seqOf: (b) => BigInt(b.seq),
      current: () => this.currentBalances(null),
    });
  }

  /** Only in the API (LedgerApiModule): a worker serves no subscribers and needs no listener. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.claims.start(), this.balances.start()]);
  }

  onModuleDestroy(): void {
    this.claims.stop();
    this.balances.stop();
  }

  async watchClaims(fundId: string): Promise<AsyncIterableIterator<ClaimChange>> {
    await this.currentBalances(fundId); // NOT_FOUND for an unknown fund
    return this.claims.open(
      (c) => c.fundId === fundId,
      () => Promise.resolve([]),
    );
  }

  /** The current balances first, then one message per posting. */
  watchBalance(fundId: string): Promise<AsyncIterableIterator<FundBalanceChange>> {
    return this.balances.open(
      (b) => b.fundId === fundId,
      () => this.currentBalances(fundId),
    );
  }

  private async currentBalances(fundId: string | null): Promise<FundBalanceChange[]> {
    const rows = await currentBalances(this.db, fundId);
    if (fundId && rows.length === 0) throw notFound('Fund', fundId);
    return rows.map((r) => {
      const [ceiling, available] = [BigInt(r.ceiling), BigInt(r.available)];
      return {
        fundId: r.id,
        seq: r.seq,
        ceiling,
        available,
        held: BigInt(r.held),
        paid: BigInt(r.paid),
        lowBalance: isLowBalance(available, ceiling, this.config.env.LOW_BALANCE_PERCENT),
        at: r.at,
      };
    });
  }
}
