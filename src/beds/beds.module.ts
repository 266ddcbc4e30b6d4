import { Module } from '@nestjs/common';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { BedsGauges } from './beds.gauges';
import { BedsRepository } from './beds.repository';
import { BedsResolver } from './beds.resolver';
import { BedsService } from './beds.service';

@Module({
  imports: [HospitalsModule],
  providers: [BedsRepository, BedsService, BedsResolver, BedsGauges],
  exports: [BedsService, BedsRepository],
})
export class BedsModule {}
