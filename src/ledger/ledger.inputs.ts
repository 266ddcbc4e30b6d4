import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Allow, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PayerStatusEnum } from '../beds/beds.types';
import { PAYER_STATUSES, type PayerStatus } from '../beds/payer-status';
import { RupiahScalar } from '../common/rupiah.scalar';
import { CLAIM_STATUSES, type ClaimStatus } from './claim-rules';
import { ClaimStatusEnum } from './ledger.models';

/** The ledger's GraphQL inputs, each field validated before a command or query sees it. */

const MRN = /^[A-Za-z0-9][A-Za-z0-9./-]{0,31}$/;

@InputType()
export class SubmitClaimInput {
  @Field({ description: 'Chosen by the client, unique per claim; a retry with the same key and content returns the same claim.' })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{8,100}$/, { message: 'idempotencyKey must be 8-100 characters of letters, digits, ".", "_", ":" or "-"' })
  idempotencyKey!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'fundId must be a fund id (UUID)' })
  fundId!: string;

  @Field()
  @IsString()
  @Matches(MRN, { message: 'medicalRecordNumber must be 1-32 letters, digits, ".", "/" or "-"' })
  medicalRecordNumber!: string;

  @Field()
  @IsString()
  @Length(1, 200, { message: 'patientName must be 1 to 200 characters' })
  patientName!: string;

  @Field(() => String, { nullable: true, description: 'Nomor Induk Kependudukan (16 digits); leave out when the patient has none.' })
  @IsOptional()
  @Matches(/^\d{16}$/, { message: 'nik must be 16 digits' })
  nik?: string | null;

  @Field(() => PayerStatusEnum)
  @IsIn(PAYER_STATUSES)
  payerStatus!: PayerStatus;

  @Field()
  @IsBoolean()
  emergency!: boolean;

  @Field(() => RupiahScalar)
  @Allow()
  amount!: bigint;

  @Field(() => ID, { nullable: true, description: 'The admission the claim is for; its record then decides emergency and payer status.' })
  @IsOptional()
  @IsUUID('all', { message: 'admissionId must be an admission id (UUID)' })
  admissionId?: string | null;
}

@InputType()
export class OpenFundInput {
  @Field()
  @IsString()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;

  @Field(() => Int)
  @IsInt()
  @Min(2020)
  @Max(2100)
  fiscalYear!: number;

  @Field(() => RupiahScalar)
  @Allow()
  ceiling!: bigint;
}

@InputType()
export class DrawdownFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'fundId must be a fund id (UUID)' })
  fundId?: string;

  @Field(() => ClaimStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;

  @Field({ nullable: true, description: 'Submitted at or after.' })
  @IsOptional()
  from?: Date;

  @Field({ nullable: true, description: 'Submitted before.' })
  @IsOptional()
  to?: Date;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'wardId must be a ward id (UUID)' })
  wardId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(MRN, { message: 'medicalRecordNumber must be 1-32 letters, digits, ".", "/" or "-"' })
  medicalRecordNumber?: string;
}
