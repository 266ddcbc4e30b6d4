import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../common/auth.decorators';
import { UuidPipe } from '../common/validation';
import { IndicatorsService } from './indicators.service';
import { BedIndicators } from './indicators.types';

@Resolver(() => BedIndicators)
export class IndicatorsResolver {
  constructor(private readonly indicators: IndicatorsService) {}

  @Public()
  @Query(() => BedIndicators, {
    description:
      'Barber-Johnson bed indicators (BOR, ALOS, TOI, BTO) and a daily series for a period of days (WITA), per ward and class, recomputed from the bed history. Public: counts only.',
  })
  bedIndicators(
    @Args('hospitalCode') hospitalCode: string,
    @Args('from', { description: 'First day, YYYY-MM-DD (WITA).' }) from: string,
    @Args('to', { description: 'Last day, inclusive, YYYY-MM-DD (WITA); at most 366 days after from.' }) to: string,
    @Args('wardId', { type: () => ID, nullable: true }, UuidPipe) wardId?: string,
  ): Promise<BedIndicators> {
    return this.indicators.bedIndicators(hospitalCode, wardId, from, to);
  }
}
