import { Module } from '@nestjs/common';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { BedsGauges } from './beds.gauges';
import { BedsResolver } from './beds.resolver';
import { BedsService } from './beds.service';

@Module({
  imports: [HospitalsModule],
  providers: [BedsService, BedsResolver, BedsGauges],
  exports: [BedsService],
})
export class BedsModule {}
