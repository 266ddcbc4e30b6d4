import { Module } from '@nestjs/common';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { BedsResolver } from './beds.resolver';
import { BedsService } from './beds.service';

@Module({
  imports: [HospitalsModule],
  providers: [BedsService, BedsResolver],
  exports: [BedsService],
})
export class BedsModule {}
