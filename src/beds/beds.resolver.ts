import { Args, Float, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PageParams, type Page } from '../common/pagination';
import type { Principal } from '../auth/principal';
import { requireRead } from '../auth/access';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { hasAnyRole } from '../auth/principal';
import { hospitalRefusal } from '../auth/hospital-scope';
import { forbidden } from '../common/error-codes';
import { UuidPipe } from '../common/validation';
import { HospitalsService } from '../hospitals/hospitals.service';
import { WardModel } from '../hospitals/hospitals.types';
import { BED_CLASSES, type BedClass } from './bed-class';
import { HL7_BED_STATUS } from './bed-status';
import { BedsService } from './beds.service';
import {
  AdmissionModel,
  AdmitPatientInput,
  BedClassEnum,
  BedConnection,
  BedEventConnection,
  BedFilter,
  BedModel,
  ChangeBedStatusInput,
  DischargePatientInput,
  AddToWaitingListInput,
  FreeBed,
  RemoveFromWaitingListInput,
  SetExpectedDischargeInput,
  TransferPatientInput,
  TransferResult,
  WaitingEntryModel,
} from './beds.types';

const BED_CHANGERS = ['ADMIN', 'ADMISSIONS', 'WARD_STAFF'] as const;

@Resolver(() => BedModel)
export class BedsResolver {
  constructor(
    private readonly bedsService: BedsService,
    private readonly hospitals: HospitalsService,
  ) {}

  @Query(() => BedModel)
  bed(@CurrentUser() principal: Principal, @Args('id', { type: () => ID }, UuidPipe) id: string): Promise<BedModel> {
    requireRead(principal, 'bedState');
    return this.bedsService.bed(id);
  }

  @Query(() => BedConnection)
  beds(
    @CurrentUser() principal: Principal,
    @Args('filter', { type: () => BedFilter, nullable: true }) filter: BedFilter | undefined,
    @PageParams() { first, after }: Page,
  ): Promise<BedConnection> {
    requireRead(principal, 'bedState');
    return this.bedsService.beds(filter, first, after);
  }

  @Query(() => BedEventConnection, {
    description: 'The changes of one bed, newest first. ADMIN and ADMISSIONS: any bed; WARD_STAFF: beds of their wards.',
  })
  async bedHistory(
    @CurrentUser() principal: Principal,
    @Args('bedId', { type: () => ID }, UuidPipe) bedId: string,
    @PageParams() { first, after }: Page,
  ): Promise<BedEventConnection> {
    const bed = await this.bedsService.bed(bedId);
    requireRead(principal, 'bedHistory', { wardId: bed.wardId, hospitalId: bed.hospitalId });
    return this.bedsService.history(bedId, first, after);
  }

  @Query(() => [FreeBed], {
    description: 'Free beds of a class, best first: wards with the most free beds of that class, then the bed ready longest.',
  })
  freeBeds(
    @Args('hospitalCode') hospitalCode: string,
    @Args('bedClass', { type: () => BedClassEnum }) bedClass: BedClass,
    @Args('wardId', { type: () => ID, nullable: true }, UuidPipe) wardId?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<FreeBed[]> {
    return this.bedsService.freeBeds(hospitalCode, bedClass, wardId, first);
  }

  @Roles(...BED_CHANGERS)
  @Query(() => Float, { description: 'How long a reservation holds a bed, in hours, when changeBedStatus gives no reservation.hours (RESERVATION_HOURS).' })
  reservationHours(): number {
    return this.bedsService.defaultReservationHours();
  }

  @Roles(...BED_CHANGERS)
  @Mutation(() => BedModel, { description: 'Admit a patient to an AVAILABLE, RESERVED or ISOLATED bed.' })
  admitPatient(@CurrentUser() actor: Principal, @Args('input') input: AdmitPatientInput): Promise<BedModel> {
    return this.bedsService.admit(actor, input);
  }

  @Roles(...BED_CHANGERS)
  @Mutation(() => TransferResult, { description: 'Move a patient to another bed: both beds change or neither.' })
  transferPatient(@CurrentUser() actor: Principal, @Args('input') input: TransferPatientInput): Promise<TransferResult> {
    return this.bedsService.transfer(actor, input);
  }

  @Roles(...BED_CHANGERS)
  @Mutation(() => BedModel, { description: 'Discharge the patient; the bed goes to CLEANING (or CONTAMINATED).' })
  dischargePatient(@CurrentUser() actor: Principal, @Args('input') input: DischargePatientInput): Promise<BedModel> {
    return this.bedsService.discharge(actor, input);
  }

  @Roles(...BED_CHANGERS)
  @Mutation(() => BedModel, { description: 'Reserve, clean, close, reopen or isolate a bed.' })
  changeBedStatus(@CurrentUser() actor: Principal, @Args('input') input: ChangeBedStatusInput): Promise<BedModel> {
    return this.bedsService.changeStatus(actor, input);
  }

  @Roles(...BED_CHANGERS)
  @Mutation(() => AdmissionModel, {
    description: 'When the ward expects the patient of an OCCUPIED bed to leave (null: not known); the public counts expectedFreeWithin24h.',
  })
  setExpectedDischarge(@CurrentUser() actor: Principal, @Args('input') input: SetExpectedDischargeInput): Promise<AdmissionModel> {
    return this.bedsService.setExpectedDischarge(actor, input);
  }

  @Roles(...BED_CHANGERS)
  @Query(() => [WaitingEntryModel], {
    description:
      "Open waiting-list entries, emergencies first, then oldest. ADMIN and ADMISSIONS: any; WARD_STAFF: give wardId of one of their wards (its entries and those naming no ward). A user of a hospital gets that hospital's entries only; another hospitalCode: FORBIDDEN.",
  })
  waitingList(
    @CurrentUser() principal: Principal,
    @Args('hospitalCode', { nullable: true }) hospitalCode?: string,
    @Args('wardId', { type: () => ID, nullable: true }, UuidPipe) wardId?: string,
    @Args('bedClass', { type: () => BedClassEnum, nullable: true }) bedClass?: BedClass,
  ): Promise<WaitingEntryModel[]> {
    if (!hasAnyRole(principal, ['ADMIN', 'ADMISSIONS'])) requireRead(principal, 'admission', { wardId: wardId ?? null });
    return this.bedsService.waitingList({ hospitalCode: waitingListHospital(principal, hospitalCode), wardId, bedClass });
  }

  @Roles(...BED_CHANGERS)
  @Mutation(() => WaitingEntryModel, {
    description: 'Put a patient on the waiting list for a bed of a class, in one ward or any; counted in availability waiting and RS Online antrian.',
  })
  addToWaitingList(@CurrentUser() actor: Principal, @Args('input') input: AddToWaitingListInput): Promise<WaitingEntryModel> {
    return this.bedsService.addToWaitingList(actor, input);
  }

  @Roles(...BED_CHANGERS)
  @Mutation(() => WaitingEntryModel, {
    description: 'The patient left the waiting list without a bed (admitPatient with waitingEntryId removes an admitted one).',
  })
  removeFromWaitingList(@CurrentUser() actor: Principal, @Args('input') input: RemoveFromWaitingListInput): Promise<WaitingEntryModel> {
    return this.bedsService.removeFromWaitingList(actor, input.id);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'While RESERVED: whom the bed is held for (record or IGD register number). Read as currentAdmission is; others: FORBIDDEN (null).',
  })
  reservationFor(@CurrentUser() principal: Principal, @Parent() bed: BedModel): string | null {
    requireRead(principal, 'admission', { wardId: bed.wardId, hospitalId: bed.hospitalId });
    return bed.reservationFor;
  }

  @ResolveField(() => WardModel)
  ward(@Parent() bed: BedModel): Promise<WardModel> {
    return this.hospitals.ward(bed.wardId);
  }

  @ResolveField(() => AdmissionModel, {
    nullable: true,
    description: 'The patient in this bed, if any. ADMIN and ADMISSIONS: any bed; WARD_STAFF: beds of their wards; others: FORBIDDEN (null).',
  })
  currentAdmission(@CurrentUser() principal: Principal, @Parent() bed: BedModel): Promise<AdmissionModel | null> | null {
    // Checked for empty beds too: whether a bed holds a patient is readable from its status anyway.
    requireRead(principal, 'admission', { wardId: bed.wardId, hospitalId: bed.hospitalId });
    return bed.currentAdmissionId ? this.bedsService.admission(bed.currentAdmissionId) : null;
  }

  @ResolveField(() => Int, { description: 'RS Online id_tt of the bed class.' })
  rsOnlineCode(@Parent() bed: BedModel): number {
    return BED_CLASSES[bed.bedClass].idTt;
  }

  @ResolveField(() => String, { nullable: true, description: 'HL7 v2 table 0116 code; null for RESERVED.' })
  hl7Status(@Parent() bed: BedModel): string | null {
    return HL7_BED_STATUS[bed.status];
  }
}

/** The hospital whose waiting list is read: a user of a hospital reads only their own. */
function waitingListHospital(principal: Principal, asked: string | undefined): string | undefined {
  if (principal.hospitalCode === null) return asked;
  if (asked !== undefined && asked.toUpperCase() !== principal.hospitalCode.toUpperCase()) {
    throw forbidden(hospitalRefusal(principal, `You may not read the waiting list of hospital ${asked}`));
  }
  return principal.hospitalCode;
}
