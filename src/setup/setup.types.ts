import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSONObject } from './json-object.scalar';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { BED_CLASS_NAMES, type BedClass } from '../beds/bed-class';
import { BedClassEnum } from '../beds/beds.types';
import { asEnum } from '../common/graphql-enum';
import { ConnectionType } from '../common/pagination';
import { SexPolicyEnum } from '../hospitals/hospitals.types';
import { SEX_POLICIES, type SexPolicy } from '../hospitals/sex-policy';
import { SETUP_ACTIONS, SETUP_ENTITIES, type SetupAction, type SetupEntity } from './setup-audit.entity';
import { CODE, CODE_RULE, PHONE, PHONE_RULE } from './setup-rules';

export const SetupEntityEnum = asEnum(SETUP_ENTITIES);
export const SetupActionEnum = asEnum(SETUP_ACTIONS);
registerEnumType(SetupEntityEnum, { name: 'SetupEntity' });
registerEnumType(SetupActionEnum, { name: 'SetupAction' });

const code = (field: string) => Matches(CODE, { message: `${field} must be ${CODE_RULE}` });
const text = (field: string, max: number) => Length(1, max, { message: `${field} must be 1-${max} characters` });

@InputType()
export class CreateHospitalInput {
  @Field({ description: 'Short code used in queries and subscriptions; cannot be changed later.' })
  @IsString()
  @code('code')
  code!: string;

  @Field()
  @IsString()
  @text('name', 200)
  name!: string;

  @Field({ nullable: true, defaultValue: '' })
  @IsString()
  @Length(0, 100, { message: 'city must be at most 100 characters' })
  city!: string;

  @Field()
  @IsString()
  @text('address', 300)
  address!: string;

  @Field({ description: 'The hotline shown to the public.' })
  @IsString()
  @Matches(PHONE, { message: `phone must be ${PHONE_RULE}` })
  phone!: string;

  @Field(() => String, { nullable: true, description: "The hospital's code at RS Online (Kemenkes)." })
  @IsOptional()
  @IsString()
  @code('rsOnlineCode')
  rsOnlineCode?: string | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84 latitude in degrees (-90 to 90), with longitude; for the directions link.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'latitude must be a number of degrees' })
  @Min(-90, { message: 'latitude must be between -90 and 90' })
  @Max(90, { message: 'latitude must be between -90 and 90' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84 longitude in degrees (-180 to 180), with latitude.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'longitude must be a number of degrees' })
  @Min(-180, { message: 'longitude must be between -180 and 180' })
  @Max(180, { message: 'longitude must be between -180 and 180' })
  longitude?: number | null;
}

@InputType()
export class UpdateHospitalInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a hospital id (UUID)' })
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @text('name', 200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 100, { message: 'city must be at most 100 characters' })
  city?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @text('address', 300)
  address?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(PHONE, { message: `phone must be ${PHONE_RULE}` })
  phone?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @code('rsOnlineCode')
  rsOnlineCode?: string;

  @Field(() => Float, {
    nullable: true,
    description: 'WGS 84 latitude in degrees (-90 to 90), with longitude; for the directions link. null removes the position.',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'latitude must be a number of degrees' })
  @Min(-90, { message: 'latitude must be between -90 and 90' })
  @Max(90, { message: 'latitude must be between -90 and 90' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84 longitude in degrees (-180 to 180), with latitude.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'longitude must be a number of degrees' })
  @Min(-180, { message: 'longitude must be between -180 and 180' })
  @Max(180, { message: 'longitude must be between -180 and 180' })
  longitude?: number | null;
}

@InputType()
export class CreateWardInput {
  @Field()
  @IsString()
  @code('hospitalCode')
  hospitalCode!: string;

  @Field({ description: 'Unique within the hospital.' })
  @IsString()
  @code('code')
  code!: string;

  @Field()
  @IsString()
  @text('name', 200)
  name!: string;

  @Field({ description: 'Clinical service (penyakit dalam, bedah, anak, ...).' })
  @IsString()
  @text('service', 100)
  service!: string;
}

@InputType()
export class UpdateWardInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a ward id (UUID)' })
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @code('code')
  code?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @text('name', 200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @text('service', 100)
  service?: string;
}

@InputType()
export class CreateRoomInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'wardId must be a ward id (UUID)' })
  wardId!: string;

  @Field({ description: 'Unique within the ward.' })
  @IsString()
  @code('code')
  code!: string;

  @Field()
  @IsString()
  @text('name', 200)
  name!: string;

  @Field(() => SexPolicyEnum)
  @IsIn(SEX_POLICIES)
  sexPolicy!: SexPolicy;

  @Field({ description: 'Meets the KRIS JKN criteria: at most four beds, separated by sex, age and infectious disease.' })
  @IsBoolean()
  kris!: boolean;
}

@InputType()
export class UpdateRoomInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a room id (UUID)' })
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @code('code')
  code?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @text('name', 200)
  name?: string;

  @Field(() => SexPolicyEnum, { nullable: true })
  @IsOptional()
  @IsIn(SEX_POLICIES)
  sexPolicy?: SexPolicy;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  kris?: boolean;
}

@InputType()
export class CreateBedInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'roomId must be a room id (UUID)' })
  roomId!: string;

  @Field({ description: 'Unique within the hospital.' })
  @IsString()
  @code('code')
  code!: string;

  @Field(() => BedClassEnum)
  @IsIn(BED_CLASS_NAMES)
  bedClass!: BedClass;
}

@InputType()
export class UpdateBedInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a bed id (UUID)' })
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @code('code')
  code?: string;

  @Field(() => BedClassEnum, { nullable: true, description: 'Moves the bed from one class counter to the other, in the same transaction.' })
  @IsOptional()
  @IsIn(BED_CLASS_NAMES)
  bedClass?: BedClass;

  @Field(() => ID, { nullable: true, description: 'Another room of the same hospital.' })
  @IsOptional()
  @IsUUID('all', { message: 'roomId must be a room id (UUID)' })
  roomId?: string;
}

@ObjectType('SetupAuditEntry')
export class SetupAuditEntryModel {
  @Field(() => ID)
  id!: string;

  @Field()
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'Null when the service itself acted (the demo seed).' })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  actorUsername!: string | null;

  @Field(() => SetupEntityEnum)
  entity!: SetupEntity;

  @Field(() => ID)
  entityId!: string;

  @Field(() => SetupActionEnum)
  action!: SetupAction;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The record before the change; null when it was created.' })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { description: 'The record after the change.' })
  after!: Record<string, unknown>;

  @Field({ description: 'api, import or seed.' })
  via!: string;
}

@ObjectType()
export class SetupAuditConnection extends ConnectionType(SetupAuditEntryModel, 'SetupAuditEntry') {}

@ObjectType('ImportCounts')
export class ImportCountsModel {
  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int, { description: 'Beds only: not in the file, so retired (their history kept).' })
  retired!: number;

  @Field(() => Int, { description: 'Beds only: retired before, in the file again, so back in service.' })
  reopened!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => [String], { description: 'Codes (rooms as "<ward code>/<room code>").' })
  createdCodes!: string[];

  @Field(() => [String])
  updatedCodes!: string[];

  @Field(() => [String])
  retiredCodes!: string[];

  @Field(() => [String])
  reopenedCodes!: string[];

  @Field(() => [String])
  unchangedCodes!: string[];
}

@ObjectType('ImportReport')
export class ImportReportModel {
  @Field()
  hospitalCode!: string;

  @Field({ description: 'True: nothing was changed, this is what the import would do.' })
  dryRun!: boolean;

  @Field(() => ImportCountsModel)
  wards!: ImportCountsModel;

  @Field(() => ImportCountsModel)
  rooms!: ImportCountsModel;

  @Field(() => ImportCountsModel)
  beds!: ImportCountsModel;
}
