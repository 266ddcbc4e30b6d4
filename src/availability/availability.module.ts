import { Module } from '@nestjs/common';
import { BedsModule } from '../beds/beds.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { AvailabilityResolver } from './availability.resolver';
import { AvailabilityService } from './availability.service';
import { LiveAvailabilityService } from './live-availability.service';
import { AvailabilityEventsController } from './availability-events.controller';
import { LiveModule } from '../live/live.module';

/** The counters per ward and class, read by the API and by the RS Online reporter. */
@Module({
  imports: [BedsModule],
  providers: [AvailabilityService],
  exports: [AvailabilityService],
})
export class AvailabilityModule {}

/** The availability API (ROLE api or all): the queries, the live subscriptions and their event stream. */
@Module({
  imports: [AvailabilityModule, BedsModule, HospitalsModule, LiveModule],
  providers: [LiveAvailabilityService, AvailabilityResolver],
  controllers: [AvailabilityEventsController],
})
export class AvailabilityApiModule {}
