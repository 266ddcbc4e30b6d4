import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { Principal } from '../auth/principal';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { PageParams, type Page } from '../common/pagination';
import { Public } from '../common/public.decorator';
import { UuidPipe } from '../common/validation';
import { BedModel } from '../beds/beds.types';
import { HospitalModel, RoomModel, WardModel } from '../hospitals/hospitals.types';
import { LiveHospitalService, type HospitalProfileEvent } from './live-hospital.service';
import { actorOf, SetupService } from './setup.service';
import {
  CreateBedInput,
  CreateHospitalInput,
  CreateRoomInput,
  CreateWardInput,
  ImportReportModel,
  SetupAuditConnection,
  UpdateBedInput,
  UpdateHospitalInput,
  UpdateRoomInput,
  UpdateWardInput,
} from './setup.types';

/** The hospital's setup, ADMIN only; its audit trail for ADMIN and AUDITOR. */
@Resolver()
export class SetupResolver {
  constructor(
    private readonly setup: SetupService,
    private readonly live: LiveHospitalService,
  ) {}

  @Roles('ADMIN')
  @Mutation(() => HospitalModel)
  createHospital(@CurrentUser() p: Principal, @Args('input') input: CreateHospitalInput): Promise<HospitalModel> {
    return this.setup.createHospital(actorOf(p, 'api'), input);
  }

  @Roles('ADMIN')
  @Mutation(() => HospitalModel, { description: 'Name, address and hotline as the public page, FHIR and RS Online show them.' })
  updateHospital(@CurrentUser() p: Principal, @Args('input') input: UpdateHospitalInput): Promise<HospitalModel> {
    return this.setup.updateHospital(actorOf(p, 'api'), input);
  }

  @Roles('ADMIN')
  @Mutation(() => WardModel)
  createWard(@CurrentUser() p: Principal, @Args('input') input: CreateWardInput): Promise<WardModel> {
    return this.setup.createWard(actorOf(p, 'api'), input);
  }

  @Roles('ADMIN')
  @Mutation(() => WardModel)
  updateWard(@CurrentUser() p: Principal, @Args('input') input: UpdateWardInput): Promise<WardModel> {
    return this.setup.updateWard(actorOf(p, 'api'), input);
  }

  @Roles('ADMIN')
  @Mutation(() => RoomModel)
  createRoom(@CurrentUser() p: Principal, @Args('input') input: CreateRoomInput): Promise<RoomModel> {
    return this.setup.createRoom(actorOf(p, 'api'), input);
  }

  @Roles('ADMIN')
  @Mutation(() => RoomModel)
  updateRoom(@CurrentUser() p: Principal, @Args('input') input: UpdateRoomInput): Promise<RoomModel> {
    return this.setup.updateRoom(actorOf(p, 'api'), input);
  }

  @Roles('ADMIN')
  @Mutation(() => BedModel, { description: 'A new AVAILABLE bed in a room; it enters the counters at once.' })
  createBed(@CurrentUser() p: Principal, @Args('input') input: CreateBedInput): Promise<BedModel> {
    return this.setup.createBed(actorOf(p, 'api'), input);
  }

  @Roles('ADMIN')
  @Mutation(() => BedModel, { description: 'Code, class or room; a class or ward change moves the counters in the same transaction.' })
  updateBed(@CurrentUser() p: Principal, @Args('input') input: UpdateBedInput): Promise<BedModel> {
    return this.setup.updateBed(actorOf(p, 'api'), input);
  }

  @Roles('ADMIN')
  @Mutation(() => BedModel, {
    description: 'Out of service for good: out of the counters, the public view and FHIR searches; never deleted, its history stays.',
  })
  retireBed(@CurrentUser() p: Principal, @Args('id', { type: () => ID }, UuidPipe) id: string): Promise<BedModel> {
    return this.setup.retireBed(actorOf(p, 'api'), id);
  }

  @Roles('ADMIN')
  @Mutation(() => BedModel, { description: 'A retired bed back in service, with the status it had.' })
  reopenBed(@CurrentUser() p: Principal, @Args('id', { type: () => ID }, UuidPipe) id: string): Promise<BedModel> {
    return this.setup.reopenBed(actorOf(p, 'api'), id);
  }

  @Roles('ADMIN')
  @Mutation(() => ImportReportModel, {
    description:
      'The hospital\'s wards, rooms and beds from a CSV (header: ward_code, ward_name, room_code, room_sex_policy, bed_code, bed_class; optional ward_service, room_name, room_kris; "," or ";"; UTF-8, BOM or not). The file is the whole list of beds: beds not in it are retired. dryRun: what it would do, nothing changed; otherwise all in one transaction or nothing. hospitalCode may be left out when the service holds one hospital.',
  })
  importBeds(
    @CurrentUser() p: Principal,
    @Args('csv') csv: string,
    @Args('dryRun') dryRun: boolean,
    @Args('hospitalCode', { type: () => String, nullable: true }) hospitalCode?: string,
  ): Promise<ImportReportModel> {
    return this.setup.importBeds(actorOf(p, 'import'), hospitalCode ?? undefined, csv, dryRun);
  }

  @Roles('ADMIN', 'AUDITOR')
  @Query(() => SetupAuditConnection, {
    description:
      "Every setup change, newest first: who, when, the record before and after. Of one hospital, ward, room or bed with entityId. A hospital's ADMIN or AUDITOR reads only that hospital's changes.",
  })
  setupAudit(
    @CurrentUser() p: Principal,
    @Args('entityId', { type: () => ID, nullable: true }, UuidPipe) entityId: string | undefined,
    @PageParams() { first, after }: Page,
  ): Promise<SetupAuditConnection> {
    return this.setup.auditTrail(p, entityId, first, after);
  }

  @Public()
  @Subscription(() => HospitalModel, {
    description: "The hospital's public profile (name, address, hotline): first as it is, then after every change by setup. Public; no personal data.",
    resolve: (event: HospitalProfileEvent) => event.profile(),
  })
  hospitalChanged(@Args('code') code: string): Promise<AsyncIterableIterator<HospitalProfileEvent>> {
    return this.live.watch(code);
  }
}
