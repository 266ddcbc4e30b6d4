import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import type { BedClass } from '../beds/bed-class';
import { BedClassEnum } from '../beds/beds.types';
import { Public } from '../common/auth.decorators';
import { UuidPipe } from '../common/validation';
import { AvailabilityService } from './availability.service';
import { WardAvailability } from './availability.types';

@Resolver(() => WardAvailability)
export class AvailabilityResolver {
  constructor(private readonly availabilityService: AvailabilityService) {}

  @Public()
  @Query(() => [WardAvailability], { description: 'Free, occupied and total beds per ward and class. Public.' })
  availability(
    @Args('hospitalCode', { nullable: true }) hospitalCode?: string,
    @Args('wardId', { type: () => ID, nullable: true }, UuidPipe) wardId?: string,
    @Args('bedClass', { type: () => BedClassEnum, nullable: true }) bedClass?: BedClass,
  ): Promise<WardAvailability[]> {
    return this.availabilityService.list({ hospitalCode, wardId, bedClass });
  }
}
