import { Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module';
import { BedsModule } from '../beds/beds.module';
import { RsOnlineHealthCheck } from './rsonline.health';
import { RsOnlineRepository } from './rsonline.repository';
import { RsOnlineResolver } from './rsonline.resolver';
import { RsOnlineScheduler } from './rsonline.scheduler';
import { RsOnlineService } from './rsonline.service';

/** The RS Online bridge: reports, their outcome, the readiness check. */
@Module({
  imports: [AvailabilityModule, BedsModule],
  providers: [RsOnlineRepository, RsOnlineService, RsOnlineHealthCheck],
  exports: [RsOnlineService],
})
export class RsOnlineModule {}

/** The bridge's status query and report mutation (ROLE api or all). */
@Module({ imports: [RsOnlineModule], providers: [RsOnlineResolver] })
export class RsOnlineApiModule {}

/** The reports on changes and on schedule (ROLE worker or all). */
@Module({ imports: [RsOnlineModule], providers: [RsOnlineScheduler] })
export class RsOnlineWorkerModule {}
