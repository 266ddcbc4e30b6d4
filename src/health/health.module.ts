import { Global, Module } from '@nestjs/common';
import { DatabaseGauges } from './database-gauges';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Global()
@Module({ controllers: [HealthController, MetricsController], providers: [MetricsService, DatabaseGauges], exports: [MetricsService] })
export class HealthModule {}
