import { Global, Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module';
import { RsOnlineResolver } from './rsonline.resolver';
import { RsOnlineService } from './rsonline.service';

/** Global so that /health/ready can show the bridge's state. */
@Global()
@Module({
  imports: [AvailabilityModule],
  providers: [RsOnlineService, RsOnlineResolver],
  exports: [RsOnlineService],
})
export class RsOnlineModule {}
