import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '../health/health-registry';
import { IntakeRepository } from './intake.repository';

/** The HL7 intake on /metrics: messages by outcome and the lag from MSH-7 to applied, from the intake log. */
@Injectable()
export class IntakeGauges implements OnModuleInit {
  constructor(
    private readonly repo: IntakeRepository,
    private readonly registry: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerGauge(
      'siranap_hl7_messages',
      'HL7 messages in the intake log: received (all), applied, refused, held (pending after a try), pending, rejected (unreadable), dismissed.',
      ['outcome'],
      async () => {
        const counts = { received: 0, applied: 0, refused: 0, held: 0, pending: 0, rejected: 0, dismissed: 0 };
        for (const r of await this.repo.countsByStatus()) {
          counts.received += r.n;
          if (r.status === 'PENDING') counts[r.held ? 'held' : 'pending'] += r.n;
          else counts[r.status.toLowerCase() as 'applied' | 'refused' | 'rejected' | 'dismissed'] += r.n;
        }
        return Object.entries(counts).map(([outcome, value]) => ({ labels: { outcome }, value }));
      },
    );
    this.registry.registerGauge('siranap_hl7_lag_seconds', 'From MSH-7 to applied, over the last hour of applied HL7 messages.', ['quantile'], async () => {
      const q = await this.repo.lagQuantiles();
      return [
        { labels: { quantile: '0.5' }, value: q.p50 ?? 0 },
        { labels: { quantile: '0.99' }, value: q.p99 ?? 0 },
      ];
    });
  }
}
