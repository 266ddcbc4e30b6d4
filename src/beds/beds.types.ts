import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { asEnum } from '../common/graphql-enum';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ConnectionType } from '../common/pagination';
import { WardModel } from '../hospitals/hospitals.types';
import { BED_CLASS_NAMES, type BedClass } from './bed-class';
import { BED_STATUSES, type BedStatus } from './bed-status';
import { PATIENT_SEXES, type PatientSex } from './patient-sex';
import { PAYER_STATUSES, type PayerStatus } from './payer-status';
import { MAX_RESERVATION_HOURS, RESERVATION_PURPOSES, type ReservationPurpose } from './reservation-rules';
import { WAITING_REMOVALS, type WaitingRemoval } from './waiting-entry.entity';

export const BedClassEnum = asEnum(BED_CLASS_NAMES);
export const BedStatusEnum = asEnum(BED_STATUSES);
export const PayerStatusEnum = asEnum(PAYER_STATUSES);
registerEnumType(BedClassEnum, { name: 'BedClass', description: 'SIRANAP / RS Online bed class; its id_tt is Bed.rsOnlineCode.' });
registerEnumType(BedStatusEnum, { name: 'BedStatus', description: 'Bed status; Bed.hl7Status gives its HL7 v2 table 0116 code.' });
registerEnumType(PayerStatusEnum, { name: 'PayerStatus' });
export const PatientSexEnum = asEnum(PATIENT_SEXES);
registerEnumType(PatientSexEnum, { name: 'PatientSex', description: "The patient's sex, checked against the room's sexPolicy." });
export const ReservationPurposeEnum = asEnum(RESERVATION_PURPOSES);
registerEnumType(ReservationPurposeEnum, {
  name: 'ReservationPurpose',
  description: 'What a bed is held for: REFERRAL (a patient sent from another facility), IGD (from the emergency department), ELECTIVE (a planned admission).',
});
export const WaitingRemovalEnum = asEnum(WAITING_REMOVALS);
registerEnumType(WaitingRemovalEnum, {
  name: 'WaitingRemoval',
  description: 'Why a patient left the waiting list: ADMITTED to a bed, or LEFT (went elsewhere, went home, died).',
});

const MAX_VERSION = 2_000_000_000;
const MRN = /^[A-Za-z0-9][A-Za-z0-9./-]{0,31}$/;

@ObjectType('Admission')
export class AdmissionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  bedId!: string;

  @Field({ description: 'Medical record number (nomor rekam medis).' })
  medicalRecordNumber!: string;

  @Field()
  emergency!: boolean;

  @Field(() => PayerStatusEnum)
  payerStatus!: PayerStatus;

  @Field()
  admittedAt!: Date;

  @Field(() => Date, { nullable: true })
  dischargedAt!: Date | null;

  @Field(() => PatientSexEnum, { nullable: true, description: 'Null where it was not recorded.' })
  sex!: PatientSex | null;

  @Field(() => Date, { nullable: true, description: 'When the ward expects the patient to leave.' })
  expectedDischargeAt!: Date | null;
}

@ObjectType('Bed')
export class BedModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  wardId!: string;

  /** Not in the schema: the hospital its patient data belongs to, for the access check. */
  hospitalId!: string;

  @Field(() => ID)
  roomId!: string;

  @Field({ description: 'Unique within its hospital.' })
  code!: string;

  @Field(() => BedClassEnum)
  bedClass!: BedClass;

  @Field(() => BedStatusEnum)
  status!: BedStatus;

  @Field(() => Date, {
    nullable: true,
    description: 'When the bed was retired (out of the counters and the public view, its history kept); null while in service.',
  })
  retiredAt!: Date | null;

  @Field(() => Int, { description: 'Send as expectedVersion with the next change of this bed.' })
  version!: number;

  @Field()
  statusSince!: Date;

  @Field(() => Date, { nullable: true, description: 'While RESERVED: when the reservation runs out and the service frees the bed.' })
  reservedUntil!: Date | null;

  @Field(() => ReservationPurposeEnum, { nullable: true, description: 'While RESERVED: what the bed is held for.' })
  reservationPurpose!: ReservationPurpose | null;

  @Field(() => String, { nullable: true, description: 'While RESERVED for a REFERRAL: the facility sending the patient.' })
  reservationFacility!: string | null;

  @Field(() => Date, { nullable: true, description: 'While RESERVED: when the patient is expected.' })
  reservationExpectedAt!: Date | null;

  currentAdmissionId!: string | null;
  /** Read through the reservationFor field, which only those who may read admissions get. */
  reservationFor!: string | null;
}

@ObjectType('BedEvent')
export class BedEventModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  bedId!: string;

  @Field(() => BedStatusEnum, { nullable: true, description: 'Null when the bed was created.' })
  fromStatus!: BedStatus | null;

  @Field(() => BedStatusEnum)
  toStatus!: BedStatus;

  @Field(() => ID, { nullable: true, description: 'Null when the service itself acted (the seed, a reservation that ran out).' })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field()
  at!: Date;

  @Field(() => ID, { nullable: true })
  admissionId!: string | null;
}

@ObjectType()
export class BedConnection extends ConnectionType(BedModel, 'Bed') {}

@ObjectType()
export class BedEventConnection extends ConnectionType(BedEventModel, 'BedEvent') {}

@ObjectType()
export class TransferResult {
  @Field(() => BedModel)
  fromBed!: BedModel;

  @Field(() => BedModel)
  toBed!: BedModel;

  @Field(() => AdmissionModel)
  admission!: AdmissionModel;
}

@ObjectType()
export class FreeBed {
  @Field(() => BedModel)
  bed!: BedModel;

  @Field(() => WardModel)
  ward!: WardModel;

  @Field(() => Int, { description: 'Free beds of this class in the same ward.' })
  wardAvailable!: number;
}

@InputType()
export class BedFilter {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  hospitalCode?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'wardId must be a ward id (UUID)' })
  wardId?: string;

  @Field(() => BedClassEnum, { nullable: true })
  @IsOptional()
  @IsIn(BED_CLASS_NAMES)
  bedClass?: BedClass;

  @Field(() => BedStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(BED_STATUSES)
  status?: BedStatus;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'roomId must be a room id (UUID)' })
  roomId?: string;

  @Field({ nullable: true, description: 'true: only retired beds; false or left out: only beds in service.' })
  @IsOptional()
  @IsBoolean()
  retired?: boolean;
}

@InputType({ isAbstract: true })
abstract class VersionedBedInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'bedId must be a bed id (UUID)' })
  bedId!: string;

  @Field(() => Int, { description: 'The version of the bed you saw; a stale one is refused with VERSION_CONFLICT.' })
  @IsInt()
  @Min(1, { message: 'expectedVersion must be at least 1' })
  @Max(MAX_VERSION, { message: `expectedVersion must be at most ${MAX_VERSION}` })
  expectedVersion!: number;
}

@InputType()
export class AdmitPatientInput extends VersionedBedInput {
  @Field()
  @IsString()
  @Matches(MRN, { message: 'medicalRecordNumber must be 1-32 letters, digits, ".", "/" or "-"' })
  medicalRecordNumber!: string;

  @Field()
  @IsBoolean()
  emergency!: boolean;

  @Field(() => PayerStatusEnum)
  @IsIn(PAYER_STATUSES)
  payerStatus!: PayerStatus;

  @Field(() => PatientSexEnum, {
    nullable: true,
    description: 'Recorded on the admission; a room for men or women only refuses the other sex with ROOM_SEX_POLICY (a sex left out is not checked).',
  })
  @IsOptional()
  @IsIn(PATIENT_SEXES)
  sex?: PatientSex;

  @Field(() => Date, { nullable: true, description: 'When the ward expects the patient to leave (in the future, within a year).' })
  @IsOptional()
  @IsDate()
  expectedDischargeAt?: Date;

  @Field(() => ID, { nullable: true, description: 'The waiting-list entry of this patient: it leaves the list with this admission.' })
  @IsOptional()
  @IsUUID('all', { message: 'waitingEntryId must be a waiting-list entry id (UUID)' })
  waitingEntryId?: string;
}

@InputType()
export class ReservationInput {
  @Field(() => ReservationPurposeEnum)
  @IsIn(RESERVATION_PURPOSES)
  purpose!: ReservationPurpose;

  @Field({ nullable: true, description: 'REFERRAL: the facility sending the patient (required for a referral).' })
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'referringFacility must be 1 to 200 characters' })
  referringFacility?: string;

  @Field(() => Date, { nullable: true, description: 'When the patient is expected (required for a referral); before the reservation runs out.' })
  @IsOptional()
  @IsDate()
  expectedArrivalAt?: Date;

  @Field({ nullable: true, description: 'Whom the bed is held for: record or IGD register number. Staff only, never public.' })
  @IsOptional()
  @IsString()
  @Matches(MRN, { message: 'patientReference must be 1-32 letters, digits, ".", "/" or "-"' })
  patientReference?: string;

  @Field(() => Float, {
    nullable: true,
    description: `How long to hold the bed, in hours (fractions allowed, at most ${MAX_RESERVATION_HOURS}); default RESERVATION_HOURS.`,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001, { message: 'hours must be more than 0' })
  @Max(MAX_RESERVATION_HOURS, { message: `hours must be at most ${MAX_RESERVATION_HOURS}` })
  hours?: number;
}

@InputType()
export class DischargePatientInput extends VersionedBedInput {
  @Field({ defaultValue: false, description: 'The patient was infectious: the bed needs terminal disinfection (CONTAMINATED) before cleaning.' })
  @IsBoolean()
  contaminated!: boolean;

  @Field({ nullable: true, description: 'The patient died (true) or left alive (false); leave out when not known. Counted in bedIndicators.' })
  @IsOptional()
  @IsBoolean()
  died?: boolean;
}

@InputType()
export class ChangeBedStatusInput extends VersionedBedInput {
  @Field(() => BedStatusEnum)
  @IsIn(BED_STATUSES)
  status!: BedStatus;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 500, { message: 'reason must be 1 to 500 characters' })
  reason?: string;

  @Field(() => ReservationInput, {
    nullable: true,
    description: 'Only with status RESERVED: what the bed is held for and how long. Left out, the bed is held RESERVATION_HOURS for an unspecified purpose.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReservationInput)
  reservation?: ReservationInput;
}

@InputType()
export class TransferPatientInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'fromBedId must be a bed id (UUID)' })
  fromBedId!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'toBedId must be a bed id (UUID)' })
  toBedId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  fromVersion!: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  toVersion!: number;

  @Field()
  @IsString()
  @Length(1, 500, { message: 'reason must be 1 to 500 characters' })
  reason!: string;

  @Field(() => PatientSexEnum, {
    nullable: true,
    description: "The patient's sex, recorded on the admission when it was not yet; it must match a recorded one.",
  })
  @IsOptional()
  @IsIn(PATIENT_SEXES)
  sex?: PatientSex;
}

@InputType()
export class SetExpectedDischargeInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'bedId must be a bed id (UUID)' })
  bedId!: string;

  @Field(() => Date, { nullable: true, description: 'In the future, within a year; null: not known any more.' })
  @IsOptional()
  @IsDate()
  expectedDischargeAt?: Date | null;
}

@ObjectType('WaitingEntry')
export class WaitingEntryModel {
  @Field(() => ID)
  id!: string;

  @Field()
  hospitalCode!: string;

  @Field(() => ID, { nullable: true, description: 'Null: any ward of the hospital with beds of the class.' })
  wardId!: string | null;

  @Field(() => BedClassEnum)
  bedClass!: BedClass;

  @Field({ description: 'Record or IGD register number. Staff only, never public.' })
  patientReference!: string;

  @Field({ description: 'Waiting from the IGD (emergency department).' })
  emergency!: boolean;

  @Field()
  addedAt!: Date;

  @Field(() => Date, { nullable: true })
  removedAt!: Date | null;

  @Field(() => WaitingRemovalEnum, { nullable: true })
  removedReason!: WaitingRemoval | null;

  @Field(() => ID, { nullable: true, description: 'The admission that ended the wait.' })
  admissionId!: string | null;
}

@InputType()
export class AddToWaitingListInput {
  @Field({ nullable: true, description: 'May be left out when the service holds one hospital, or when wardId is given.' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  hospitalCode?: string;

  @Field(() => ID, { nullable: true, description: 'The ward the patient waits for; left out, any ward with beds of the class.' })
  @IsOptional()
  @IsUUID('all', { message: 'wardId must be a ward id (UUID)' })
  wardId?: string;

  @Field(() => BedClassEnum)
  @IsIn(BED_CLASS_NAMES)
  bedClass!: BedClass;

  @Field({ description: 'Record or IGD register number (never shown in public).' })
  @IsString()
  @Matches(MRN, { message: 'patientReference must be 1-32 letters, digits, ".", "/" or "-"' })
  patientReference!: string;

  @Field({ defaultValue: false, description: 'Waiting from the IGD (emergency department).' })
  @IsBoolean()
  emergency!: boolean;
}

@InputType()
export class RemoveFromWaitingListInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a waiting-list entry id (UUID)' })
  id!: string;

  @Field(() => WaitingRemovalEnum, { description: 'LEFT here; an admission removes its entry itself (admitPatient waitingEntryId).' })
  @IsIn(['LEFT'], { message: 'reason must be LEFT (an admission removes its entry through admitPatient waitingEntryId)' })
  reason!: WaitingRemoval;
}
