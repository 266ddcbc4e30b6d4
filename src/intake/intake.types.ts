import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsDate, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { asEnum } from '../common/graphql-enum';
import { ConnectionType } from '../common/pagination';
import { PAYER_STATUSES } from '../beds/payer-status';
import { PayerStatusEnum } from '../beds/beds.types';
import { SUPPORTED_EVENTS } from './adt-message';
import type { Hl7MessageStatus } from './intake.repository';

export const HL7_MESSAGE_STATUSES = ['PENDING', 'APPLIED', 'REFUSED', 'REJECTED', 'DISMISSED'] as const;
export const Hl7MessageStatusEnum = asEnum(HL7_MESSAGE_STATUSES);
registerEnumType(Hl7MessageStatusEnum, {
  name: 'Hl7MessageStatus',
  description: 'PENDING: waiting (heldReason says why when tried); APPLIED (AA); REFUSED (AE); REJECTED: unreadable (AR); DISMISSED by an admin.',
});

@ObjectType('Hl7Message', { description: 'One HL7 v2 message of the intake log (ADMIN).' })
export class Hl7MessageModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'MSH-3^MSH-4.' })
  sender!: string | null;

  @Field(() => String, { nullable: true, description: 'MSH-10.' })
  controlId!: string | null;

  @Field(() => String, { nullable: true, description: 'MSH-9.2, e.g. A01.' })
  event!: string | null;

  @Field(() => Date, { nullable: true, description: 'MSH-7.' })
  eventAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'MSH-13.' })
  sequence!: string | null;

  @Field(() => String, { nullable: true })
  medicalRecordNumber!: string | null;

  @Field(() => Hl7MessageStatusEnum)
  status!: Hl7MessageStatus;

  @Field(() => String, { nullable: true })
  heldReason!: string | null;

  @Field(() => String, { nullable: true, description: 'HL7 table 0357 code of the ERR segment sent.' })
  errorCode!: string | null;

  @Field(() => String, { nullable: true })
  errorLocation!: string | null;

  @Field(() => String, { nullable: true })
  errorText!: string | null;

  @Field(() => String, { nullable: true, description: 'What applying it did, or why it was refused or dismissed.' })
  outcome!: string | null;

  @Field({ description: 'The parsed summary, as JSON.' })
  summary!: string;

  @Field({ description: 'The message as received.' })
  raw!: string;

  @Field(() => String, { nullable: true })
  remoteAddress!: string | null;

  @Field(() => Int)
  attempts!: number;

  @Field()
  receivedAt!: Date;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;
}

@ObjectType()
export class Hl7MessageConnection extends ConnectionType(Hl7MessageModel, 'Hl7Message') {}

@InputType()
export class Hl7MessageFilter {
  @Field(() => Hl7MessageStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(HL7_MESSAGE_STATUSES)
  status?: Hl7MessageStatus;

  @Field({ nullable: true })
  @IsOptional()
  @IsIn(SUPPORTED_EVENTS)
  event?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  medicalRecordNumber?: string;

  @Field({ nullable: true, description: 'MSH-3^MSH-4.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sender?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  receivedFrom?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  receivedTo?: Date;
}

@ArgsType()
export class DismissHl7MessageArgs {
  @Field(() => ID)
  @Matches(/^\d{1,18}$/, { message: 'id must be an intake log id (digits)' })
  id!: string;

  @Field()
  @IsString()
  @Length(3, 500)
  reason!: string;
}

@ObjectType('Hl7Location', { description: 'PV1-3 point of care of a hospital to a ward, and how PV1-3 room^bed make the bed code.' })
export class Hl7LocationModel {
  @Field()
  hospitalCode!: string;

  @Field({ description: 'PV1-3.1.' })
  pointOfCare!: string;

  @Field()
  wardCode!: string;

  @Field({ description: 'The bed code from {pointOfCare}, {room} (PV1-3.2) and {bed} (PV1-3.3); default {bed}.' })
  bedCodeTemplate!: string;

  @Field()
  updatedAt!: Date;
}

@ObjectType('Hl7Code', { description: 'FACILITY: MSH-4 to a hospital code; PAYER: PV1-20 / IN1-2 to a payer status ("" is none sent).' })
export class Hl7CodeModel {
  @Field()
  kind!: string;

  @Field()
  code!: string;

  @Field()
  target!: string;

  @Field()
  updatedAt!: Date;
}

@ObjectType('Hl7Mapping')
export class Hl7MappingModel {
  @Field(() => [Hl7LocationModel])
  locations!: Hl7LocationModel[];

  @Field(() => [Hl7CodeModel])
  facilities!: Hl7CodeModel[];

  @Field(() => [Hl7CodeModel])
  payers!: Hl7CodeModel[];
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

@InputType()
export class SetHl7LocationInput {
  @Field()
  @Matches(CODE, { message: 'hospitalCode must be a hospital code' })
  hospitalCode!: string;

  @Field()
  @IsString()
  @Length(1, 64)
  @Matches(/^[^|^~\\&]+$/, { message: 'pointOfCare must not contain HL7 separators (| ^ ~ \\ &)' })
  pointOfCare!: string;

  @Field()
  @Matches(CODE, { message: 'wardCode must be a ward code' })
  wardCode!: string;

  @Field({ nullable: true, description: 'Default {bed}.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  bedCodeTemplate?: string;
}

@ArgsType()
export class SetHl7FacilityArgs {
  @Field({ description: 'MSH-4 as the sender sends it.' })
  @IsString()
  @Length(1, 64)
  facility!: string;

  @Field()
  @Matches(CODE, { message: 'hospitalCode must be a hospital code' })
  hospitalCode!: string;
}

@ArgsType()
export class SetHl7PayerArgs {
  @Field({ description: 'PV1-20.1 or IN1-2.1 as sent; "" for none sent.' })
  @IsString()
  @MaxLength(64)
  financialClass!: string;

  @Field(() => PayerStatusEnum)
  @IsIn(PAYER_STATUSES)
  payerStatus!: string;
}
