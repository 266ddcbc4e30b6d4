import { Module } from '@nestjs/common';
import { IndicatorDayResolver, IndicatorFiguresResolver, IndicatorGroupResolver, IndicatorsResolver } from './indicators.resolver';
import { IndicatorsService } from './indicators.service';

@Module({ providers: [IndicatorsService, IndicatorsResolver, IndicatorFiguresResolver, IndicatorGroupResolver, IndicatorDayResolver] })
export class IndicatorsModule {}
