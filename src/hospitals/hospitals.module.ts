import { Module } from '@nestjs/common';
import { HospitalsRepository } from './hospitals.repository';
import { HospitalsResolver, WardsResolver } from './hospitals.resolver';
import { HospitalsService } from './hospitals.service';

@Module({
  providers: [HospitalsRepository, HospitalsService],
  exports: [HospitalsService, HospitalsRepository],
})
export class HospitalsModule {}

/** The hospitals' GraphQL API (ROLE api or all). */
@Module({ imports: [HospitalsModule], providers: [HospitalsResolver, WardsResolver] })
export class HospitalsApiModule {}
