import { Args, ID, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { Principal } from '../auth/principal';
import type { BedClass } from '../beds/bed-class';
import { BedClassEnum } from '../beds/beds.types';
import { CurrentUser } from '../auth/auth.decorators';
import { Public } from '../common/public.decorator';
import { UuidPipe } from '../common/validation';
import { AvailabilityService } from './availability.service';
import { BedChange, WardAvailability } from '../beds/bed-changes.types';
import { LiveAvailabilityService } from './live-availability.service';

@Resolver(() => WardAvailability)
export class AvailabilityResolver {
  constructor(
    private readonly availabilityService: AvailabilityService,
    private readonly live: LiveAvailabilityService,
  ) {}

  @Public()
  @Query(() => [WardAvailability], { description: 'Free, occupied and total beds per ward and class. Public.' })
  availability(
    @Args('hospitalCode', { nullable: true }) hospitalCode?: string,
    @Args('wardId', { type: () => ID, nullable: true }, UuidPipe) wardId?: string,
    @Args('bedClass', { type: () => BedClassEnum, nullable: true }) bedClass?: BedClass,
  ): Promise<WardAvailability[]> {
    return this.availabilityService.list({ hospitalCode, wardId, bedClass });
  }

  @Public()
  @Subscription(() => WardAvailability, {
    description:
      'Counts per ward and class: first the current state (one message per ward and class), then every change. ' +
      'Bursts are coalesced; a message never has a smaller seq than an earlier one for the same ward and class. Public.',
    resolve: (value: WardAvailability) => value,
  })
  availabilityChanged(
    @Args('hospitalCode', { nullable: true }) hospitalCode?: string,
    @Args('wardId', { type: () => ID, nullable: true }, UuidPipe) wardId?: string,
    @Args('bedClass', { type: () => BedClassEnum, nullable: true }) bedClass?: BedClass,
  ): Promise<AsyncIterableIterator<WardAvailability>> {
    return this.live.watchAvailability({ hospitalCode, wardId, bedClass });
  }

  @Subscription(() => BedChange, {
    description: "The ward's beds: first each bed's current state, then every change. Staff of that ward; ADMIN and ADMISSIONS: any ward.",
    resolve: (value: BedChange) => value,
  })
  bedChanged(@Args('wardId', { type: () => ID }, UuidPipe) wardId: string, @CurrentUser() principal: Principal): Promise<AsyncIterableIterator<BedChange>> {
    return this.live.watchBeds(principal, wardId);
  }
}
