import { Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { PublicPageController } from './public-page.controller';

/** The public page at / and /rs/<code>, rendered by the service (ROLE api or all). */
@Module({ imports: [AvailabilityModule, HospitalsModule], controllers: [PublicPageController] })
export class PublicPageModule {}
