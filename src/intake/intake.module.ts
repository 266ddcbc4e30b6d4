import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BedsModule } from '../beds/beds.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { IntakeGauges } from './intake.gauges';
import { IntakeRepository } from './intake.repository';
import { IntakeResolver } from './intake.resolver';
import { IntakeService } from './intake.service';
import { MappingRepository } from './mapping.repository';
import { MappingService } from './mapping.service';
import { MllpListener } from './mllp.listener';

/** The HL7 intake: its log, its mapping, and the application of messages through the bed service. */
@Module({
  imports: [AuthModule, BedsModule, HospitalsModule],
  providers: [IntakeRepository, MappingRepository, MappingService, IntakeService, IntakeGauges],
  exports: [IntakeService, MappingService],
})
export class IntakeModule {}

/** The intake log and mapping for the admin (ROLE api or all). */
@Module({ imports: [IntakeModule], providers: [IntakeResolver] })
export class IntakeApiModule {}

/** The MLLP listener and the processing of messages (ROLE worker or all). */
@Module({ imports: [IntakeModule], providers: [MllpListener], exports: [MllpListener] })
export class IntakeWorkerModule {}
