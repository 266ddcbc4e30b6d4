import { Module } from '@nestjs/common';
import { BedsModule } from '../beds/beds.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { AvailabilityResolver } from './availability.resolver';
import { AvailabilityService } from './availability.service';
import { LiveAvailabilityService } from './live-availability.service';
import { AvailabilityEventsController } from './availability-events.controller';
import { LiveModule } from '../live/live.module';
import { PublicAnswerCache } from './public-answer-cache';

/** The counters per ward and class, read by the API and by the RS Online reporter. */
@Module({
  imports: [BedsModule],
  providers: [AvailabilityService],
  exports: [AvailabilityService],
})
export class AvailabilityModule {}

/**
 * The availability API (ROLE api or all): the queries, the live subscriptions and their event
 * stream, and the public answers replayed from memory in front of Apollo (mounted by app.factory
 * right after the body parser, ahead of the static files and Nest's routing).
 */
@Module({
  imports: [AvailabilityModule, BedsModule, HospitalsModule, LiveModule],
  providers: [LiveAvailabilityService, AvailabilityResolver, PublicAnswerCache],
  controllers: [AvailabilityEventsController],
})
export class AvailabilityApiModule {}
