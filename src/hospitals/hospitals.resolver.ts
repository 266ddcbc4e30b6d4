import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public } from '../common/public.decorator';
import { UuidPipe } from '../common/validation';
import { HospitalsService } from './hospitals.service';
import { HospitalModel, RoomModel, WardModel } from './hospitals.types';

@Resolver(() => HospitalModel)
export class HospitalsResolver {
  constructor(private readonly hospitalsService: HospitalsService) {}

  @Public()
  @Query(() => [HospitalModel])
  hospitals(): Promise<HospitalModel[]> {
    return this.hospitalsService.hospitals();
  }

  @Public()
  @Query(() => HospitalModel)
  hospital(@Args('code') code: string): Promise<HospitalModel> {
    return this.hospitalsService.hospitalByCode(code);
  }

  @Public()
  @Query(() => WardModel)
  ward(@Args('id', { type: () => ID }, UuidPipe) id: string): Promise<WardModel> {
    return this.hospitalsService.ward(id);
  }

  @ResolveField(() => [WardModel])
  wards(@Parent() hospital: HospitalModel): Promise<WardModel[]> {
    return this.hospitalsService.wardsOf(hospital.id);
  }
}

@Resolver(() => WardModel)
export class WardsResolver {
  constructor(private readonly hospitals: HospitalsService) {}

  @ResolveField(() => HospitalModel)
  hospital(@Parent() ward: WardModel): Promise<HospitalModel> {
    return this.hospitals.hospitalById(ward.hospitalId);
  }

  @ResolveField(() => [RoomModel], { description: "The ward's rooms (kamar) by code." })
  rooms(@Parent() ward: WardModel): Promise<RoomModel[]> {
    return this.hospitals.roomsOf(ward.id);
  }
}
