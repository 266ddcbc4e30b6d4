import { Module } from '@nestjs/common';
import { BedsModule } from '../beds/beds.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { AvailabilityResolver } from './availability.resolver';
import { AvailabilityService } from './availability.service';
import { LiveAvailabilityService } from './live-availability.service';

/** The counters per ward and class, read by the API and by the RS Online reporter. */
@Module({
  imports: [BedsModule],
  providers: [AvailabilityService],
  exports: [AvailabilityService],
})
export class AvailabilityModule {}

/** The availability API (ROLE api or all): the queries and the live subscriptions. */
@Module({
  imports: [AvailabilityModule, BedsModule, HospitalsModule],
  providers: [LiveAvailabilityService, AvailabilityResolver],
})
export class AvailabilityApiModule {}
