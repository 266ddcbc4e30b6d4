import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HealthRegistry } from '../health/health-registry';

/** Fund balances on /metrics (shown to the metrics token's holder only). */
@Injectable()
export class LedgerGauges implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerGauge('siranap_fund_rupiah', 'Emergency fund balances in rupiah, by fund year and account.', ['fiscal_year', 'account'], async () => {
      const rows: { fiscal_year: number; available: string; held: string; paid: string }[] = await this.db.query(
        `SELECT fiscal_year, available::text, held::text, paid::text FROM funds`,
      );
      // Rupiah amounts of a city fund stay far below 2^53, so a float gauge holds them exactly.
      return rows.flatMap((r) =>
        (['available', 'held', 'paid'] as const).map((account) => ({ labels: { fiscal_year: String(r.fiscal_year), account }, value: Number(r[account]) })),
      );
    });
  }
}
