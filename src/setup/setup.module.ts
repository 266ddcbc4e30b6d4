import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BedsModule } from '../beds/beds.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { ImportController } from './import.controller';
import { LiveHospitalService } from './live-hospital.service';
import { SetupAuditRepository } from './setup-audit.repository';
import { SetupResolver } from './setup.resolver';
import { SetupService } from './setup.service';

/** The hospital's setup (hospitals, wards, rooms, beds), its import and its audit trail; the demo seed uses it too. */
@Module({
  imports: [HospitalsModule, BedsModule],
  providers: [SetupAuditRepository, SetupService],
  exports: [SetupService],
})
export class SetupModule {}

/** The setup API (ROLE api or all): the mutations, the audit query, the import route and the hospital's live profile. */
@Module({
  imports: [SetupModule, HospitalsModule, AuthModule],
  controllers: [ImportController],
  providers: [LiveHospitalService, SetupResolver],
})
export class SetupApiModule {}
