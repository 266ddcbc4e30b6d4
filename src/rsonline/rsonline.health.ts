import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '../health/health-registry';
import { RsOnlineService, type RsOnlineHealth } from './rsonline.service';

/** RS Online on /health/ready: a failing bridge degrades the service, it does not take it down. */
@Injectable()
export class RsOnlineHealthCheck implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly rsOnline: RsOnlineService,
  ) {}

  onModuleInit(): void {
    this.registry.registerDetail('rsOnline', async () => {
      const health = await this.rsOnline
        .health()
        .catch((err: Error): RsOnlineHealth => ({ status: 'degraded', lastError: `state unreadable: ${err.message}` }));
      return { degraded: health.status === 'degraded', value: health };
    });
  }
}
