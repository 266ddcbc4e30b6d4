import { Module } from '@nestjs/common';
import { HospitalsRepository } from './hospitals.repository';
import { HospitalsResolver, WardsResolver } from './hospitals.resolver';
import { HospitalsService } from './hospitals.service';

@Module({
  providers: [HospitalsRepository, HospitalsService, HospitalsResolver, WardsResolver],
  exports: [HospitalsService, HospitalsRepository],
})
export class HospitalsModule {}
