import { Module } from '@nestjs/common';
import { BedsModule } from '../beds/beds.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { IndicatorDayResolver, IndicatorFiguresResolver, IndicatorGroupResolver, IndicatorsResolver } from './indicators.resolver';
import { IndicatorsService } from './indicators.service';

@Module({
  imports: [BedsModule, HospitalsModule],
  providers: [IndicatorsService, IndicatorsResolver, IndicatorFiguresResolver, IndicatorGroupResolver, IndicatorDayResolver],
})
export class IndicatorsModule {}
