import { Module } from '@nestjs/common';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { BedSetupService } from './bed-setup.service';
import { BedsGauges } from './beds.gauges';
import { BedsRepository } from './beds.repository';
import { BedsResolver } from './beds.resolver';
import { BedsService } from './beds.service';

@Module({
  imports: [HospitalsModule],
  providers: [BedsRepository, BedsService, BedSetupService, BedsResolver, BedsGauges],
  exports: [BedsService, BedSetupService, BedsRepository],
})
export class BedsModule {}
