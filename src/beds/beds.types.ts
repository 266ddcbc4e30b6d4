import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { asEnum } from '../common/graphql-enum';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ConnectionType } from '../common/pagination';
import { WardModel } from '../hospitals/hospitals.types';
import { BED_CLASS_NAMES, type BedClass } from './bed-class';
import { BED_STATUSES, type BedStatus } from './bed-status';
import { PAYER_STATUSES, type PayerStatus } from './payer-status';

export const BedClassEnum = asEnum(BED_CLASS_NAMES);
export const BedStatusEnum = asEnum(BED_STATUSES);
export const PayerStatusEnum = asEnum(PAYER_STATUSES);
registerEnumType(BedClassEnum, { name: 'BedClass', description: 'SIRANAP / RS Online bed class; its id_tt is Bed.rsOnlineCode.' });
registerEnumType(BedStatusEnum, { name: 'BedStatus', description: 'Bed status; Bed.hl7Status gives its HL7 v2 table 0116 code.' });
registerEnumType(PayerStatusEnum, { name: 'PayerStatus' });

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
}

@ObjectType('Bed')
export class BedModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  wardId!: string;

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

  currentAdmissionId!: string | null;
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

  @Field(() => ID, { nullable: true, description: 'Null when the service itself acted (seed).' })
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
}
