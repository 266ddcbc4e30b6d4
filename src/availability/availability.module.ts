import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AvailabilityResolver } from './availability.resolver';
import { AvailabilityService } from './availability.service';
import { LiveConnections } from './live-connections';
import { LiveAvailabilityService } from './live-availability.service';

@Module({
  imports: [AuthModule],
  providers: [AvailabilityService, LiveAvailabilityService, LiveConnections, AvailabilityResolver],
  exports: [AvailabilityService, LiveAvailabilityService, LiveConnections],
})
export class AvailabilityModule {}
