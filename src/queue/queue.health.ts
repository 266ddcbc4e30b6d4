import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '../health/health-registry';
import { QueueService } from './queue.service';

/**
 * The job queue on /health/ready (not required: claims wait as REQUESTED while it is away) and
 * its job counts on /metrics.
 */
@Injectable()
export class QueueHealth implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly queues: QueueService,
  ) {}

  onModuleInit(): void {
    this.registry.registerReadiness(
      'queue',
      async () => {
        const counts: Record<string, number> = {};
        try {
          for (const c of await this.queues.jobCounts()) counts[`${c.queue}.${c.state}`] = c.count;
          return { state: 'up', details: counts };
        } catch (err) {
          return { state: `down (${this.queues.backend}): ${(err as Error).message}`, details: counts };
        }
      },
      { required: false },
    );
    this.registry.registerGauge('siranap_queue_jobs', 'Jobs per queue and state (waiting, active, delayed, failed).', ['queue', 'state'], async () =>
      (await this.queues.jobCounts()).map((c) => ({ labels: { queue: c.queue, state: c.state }, value: c.count })),
    );
  }
}
