import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { QueueModule } from '../queue/queue.module';
import { MetricsService } from './metrics.service';
import { StateGauges } from './state-gauges';

@Global()
@Module({
  imports: [QueueModule],
  controllers: [HealthController, MetricsController],
  providers: [MetricsService, StateGauges],
  exports: [MetricsService],
})
export class HealthModule {}
