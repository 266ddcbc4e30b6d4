import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueService } from '../queue/queue.service';
import { MetricsService } from './metrics.service';

/**
 * Gauges of shared state (PostgreSQL tables, the job queue), read when Prometheus scrapes:
 * every replica reports the same values, so dashboards take any one of them.
 */
@Injectable()
export class StateGauges implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: MetricsService,
    private readonly queues: QueueService,
  ) {}

  onModuleInit(): void {
    this.metrics.registerGauge('siranap_queue_jobs', 'Jobs per queue and state (waiting, active, delayed, failed).', ['queue', 'state'], async () =>
      (await this.queues.jobCounts()).map((c) => ({ labels: { queue: c.queue, state: c.state }, value: c.count })),
    );
    this.metrics.registerGauge('siranap_outbox_backlog', 'Events written but not yet published.', [], async () => {
      const rows = await this.db.query(`SELECT count(*)::int AS n FROM outbox`);
      return [{ value: rows[0].n as number }];
    });
    this.metrics.registerGauge('siranap_outbox_oldest_seconds', 'Age of the oldest unpublished event (0 when none).', [], async () => {
      const rows = await this.db.query(`SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS s FROM outbox`);
      return [{ value: rows[0].s as number }];
    });
    this.metrics.registerGauge('siranap_fund_rupiah', 'Emergency fund balances in rupiah, by fund year and account.', ['fiscal_year', 'account'], async () => {
      const rows: { fiscal_year: number; available: string; held: string; paid: string }[] = await this.db.query(
        `SELECT fiscal_year, available::text, held::text, paid::text FROM funds`,
      );
      // Rupiah amounts of a city fund stay far below 2^53, so a float gauge holds them exactly.
      return rows.flatMap((r) =>
        (['available', 'held', 'paid'] as const).map((account) => ({ labels: { fiscal_year: String(r.fiscal_year), account }, value: Number(r[account]) })),
      );
    });
    this.metrics.registerGauge('siranap_beds', 'Beds by status, all hospitals.', ['status'], async () => {
      const rows: { status: string; n: number }[] = await this.db.query(
        `SELECT 'available' AS status, sum(available)::int AS n FROM ward_availability
         UNION ALL SELECT 'occupied', sum(occupied)::int FROM ward_availability
         UNION ALL SELECT 'reserved', sum(reserved)::int FROM ward_availability
         UNION ALL SELECT 'cleaning', sum(cleaning)::int FROM ward_availability
         UNION ALL SELECT 'closed', sum(closed)::int FROM ward_availability`,
      );
      return rows.map((r) => ({ labels: { status: r.status }, value: r.n ?? 0 }));
    });
  }
}
