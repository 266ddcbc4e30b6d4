import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BedsModule } from '../beds/beds.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { AvailabilityResolver } from './availability.resolver';
import { AvailabilityService } from './availability.service';
import { LiveAvailabilityService } from './live-availability.service';

@Module({
  imports: [AuthModule, BedsModule, HospitalsModule],
  providers: [AvailabilityService, LiveAvailabilityService, AvailabilityResolver],
  exports: [AvailabilityService, LiveAvailabilityService],
})
export class AvailabilityModule {}
