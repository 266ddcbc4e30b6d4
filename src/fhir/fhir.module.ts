import { Module } from '@nestjs/common';
import { BedsModule } from '../beds/beds.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { FhirController } from './fhir.controller';
import { FhirService } from './fhir.service';

@Module({ imports: [BedsModule, HospitalsModule], controllers: [FhirController], providers: [FhirService] })
export class FhirModule {}
