import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '../auth/principal';
import { requireRead } from '../auth/access';
import { CurrentUser } from '../auth/auth.decorators';
import { Public } from '../common/public.decorator';
import { UuidPipe } from '../common/validation';
import { IndicatorsService } from './indicators.service';
import { BedIndicatorDay, BedIndicatorFigures, BedIndicatorGroup, BedIndicators } from './indicators.types';

@Resolver(() => BedIndicators)
export class IndicatorsResolver {
  constructor(private readonly indicators: IndicatorsService) {}

  @Public()
  @Query(() => BedIndicators, {
    description:
      'Barber-Johnson bed indicators (BOR, ALOS, TOI, BTO) and a daily series for a period of days (WITA), per ward and class, recomputed from the bed history. ' +
      'Public: counts only; without a login no deaths (FORBIDDEN) and small discharge counts withheld (suppressed).',
  })
  bedIndicators(
    @CurrentUser() principal: Principal | null,
    @Args('hospitalCode') hospitalCode: string,
    @Args('from', { description: 'First day, YYYY-MM-DD (WITA).' }) from: string,
    @Args('to', { description: 'Last day, inclusive, YYYY-MM-DD (WITA); at most 366 days after from.' }) to: string,
    @Args('wardId', { type: () => ID, nullable: true }, UuidPipe) wardId?: string,
  ): Promise<BedIndicators> {
    requireRead(principal, 'indicatorCounts');
    return this.indicators.bedIndicators(hospitalCode, wardId, from, to, principal === null || principal === undefined);
  }
}

/** Deaths of the figures' ward (or of several wards): checked against the access matrix. */
function deaths(principal: Principal | null, row: { deaths: number | null; scopeWardId: string | null }): number | null {
  requireRead(principal, 'indicatorDeaths', { wardId: row.scopeWardId });
  return row.deaths;
}

const DEATHS = { nullable: true, description: 'Discharges recorded as deaths. ADMIN, ADMISSIONS, WARD_STAFF of the ward; others FORBIDDEN (null).' };

@Resolver(() => BedIndicatorFigures)
export class IndicatorFiguresResolver {
  @ResolveField(() => Int, DEATHS)
  deaths(@CurrentUser() principal: Principal | null, @Parent() row: BedIndicatorFigures): number | null {
    return deaths(principal, row);
  }
}

@Resolver(() => BedIndicatorGroup)
export class IndicatorGroupResolver {
  @ResolveField(() => Int, DEATHS)
  deaths(@CurrentUser() principal: Principal | null, @Parent() row: BedIndicatorGroup): number | null {
    return deaths(principal, row);
  }
}

@Resolver(() => BedIndicatorDay)
export class IndicatorDayResolver {
  @ResolveField(() => Int, DEATHS)
  deaths(@CurrentUser() principal: Principal | null, @Parent() row: BedIndicatorDay): number | null {
    return deaths(principal, row);
  }
}
