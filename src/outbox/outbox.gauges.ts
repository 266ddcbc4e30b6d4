import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '../health/health-registry';
import { OutboxRepository } from './outbox.repository';

/** The outbox's backlog on /metrics: the same on every replica (it is one table). */
@Injectable()
export class OutboxGauges implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly rows: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.registry.registerGauge('siranap_outbox_backlog', 'Events written but not yet published.', [], async () => [
      { value: (await this.rows.backlog()).count },
    ]);
    this.registry.registerGauge('siranap_outbox_oldest_seconds', 'Age of the oldest unpublished event (0 when none).', [], async () => [
      { value: (await this.rows.backlog()).oldestSeconds },
    ]);
  }
}
