import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BedsModule } from '../beds/beds.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { ImportController } from './import.controller';
import { SetupAuditRepository } from './setup-audit.repository';
import { SetupResolver } from './setup.resolver';
import { SetupService } from './setup.service';

/** The hospital's setup (hospitals, wards, rooms, beds), its import and its audit trail. */
@Module({
  imports: [AuthModule, HospitalsModule, BedsModule],
  providers: [SetupAuditRepository, SetupService],
  exports: [SetupService],
})
export class SetupModule {}

/** The setup API (ROLE api or all): its GraphQL operations and the CSV import route. */
@Module({ imports: [SetupModule, AuthModule], controllers: [ImportController], providers: [SetupResolver] })
export class SetupApiModule {}
