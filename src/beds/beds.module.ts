import { Module } from '@nestjs/common';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { BedSetupService } from './bed-setup.service';
import { BedsGauges } from './beds.gauges';
import { BedsRepository } from './beds.repository';
import { BedsResolver } from './beds.resolver';
import { BedsService } from './beds.service';
import { ReservationExpiryWorker } from './reservation-expiry.worker';

@Module({
  imports: [HospitalsModule],
  providers: [BedsRepository, BedsService, BedSetupService, BedsGauges],
  exports: [BedsService, BedSetupService, BedsRepository],
})
export class BedsModule {}

/** The beds' GraphQL API (ROLE api or all). */
@Module({ imports: [BedsModule, HospitalsModule], providers: [BedsResolver] })
export class BedsApiModule {}

/** The beds' worker (ROLE worker or all): frees beds whose reservation ran out. */
@Module({ imports: [BedsModule], providers: [ReservationExpiryWorker] })
export class BedsWorkerModule {}
