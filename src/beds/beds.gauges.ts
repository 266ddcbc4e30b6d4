import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HealthRegistry } from '../health/health-registry';

/** Beds by status on /metrics, summed from the availability counters this module keeps. */
@Injectable()
export class BedsGauges implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerGauge('siranap_beds', 'Beds by status, all hospitals.', ['status'], async () => {
      const rows: { status: string; n: number | null }[] = await this.db.query(
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
