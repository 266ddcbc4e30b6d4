import { Module } from '@nestjs/common';
import { HospitalsResolver, WardsResolver } from './hospitals.resolver';
import { HospitalsService } from './hospitals.service';

@Module({
  providers: [HospitalsService, HospitalsResolver, WardsResolver],
  exports: [HospitalsService],
})
export class HospitalsModule {}
