import { Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module';
import { BedsModule } from '../beds/beds.module';
import { RsOnlineHealthCheck } from './rsonline.health';
import { RsOnlineRepository } from './rsonline.repository';
import { RsOnlineResolver } from './rsonline.resolver';
import { RsOnlineService } from './rsonline.service';

@Module({
  imports: [AvailabilityModule, BedsModule],
  providers: [RsOnlineRepository, RsOnlineService, RsOnlineResolver, RsOnlineHealthCheck],
  exports: [RsOnlineService],
})
export class RsOnlineModule {}
