import { Global, Module } from '@nestjs/common';
import { DatabaseReadiness } from './database-readiness';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health-registry';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Global: every module registers its readiness checks and gauges in the HealthRegistry. */
@Global()
@Module({
  controllers: [HealthController, MetricsController],
  providers: [MetricsService, HealthRegistry, DatabaseReadiness],
  exports: [MetricsService, HealthRegistry],
})
export class HealthModule {}
