import { Module } from '@nestjs/common';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { BedSetupService } from './bed-setup.service';
import { BedsGauges } from './beds.gauges';
import { BedsRepository } from './beds.repository';
import { BedsResolver } from './beds.resolver';
import { BedsService } from './beds.service';

@Module({
  imports: [HospitalsModule],
  providers: [BedsRepository, BedsService, BedSetupService, BedsGauges],
  exports: [BedsService, BedSetupService, BedsRepository],
})
export class BedsModule {}

/** The beds' GraphQL API (ROLE api or all). */
@Module({ imports: [BedsModule, HospitalsModule], providers: [BedsResolver] })
export class BedsApiModule {}
