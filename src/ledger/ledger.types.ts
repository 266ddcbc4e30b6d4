import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { asEnum } from '../common/graphql-enum';
import { Allow, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PayerStatusEnum } from '../beds/beds.types';
import { PAYER_STATUSES, type PayerStatus } from '../beds/payer-status';
import { ConnectionType } from '../common/pagination';
import { RupiahScalar } from '../common/rupiah.scalar';
import { CLAIM_ACTIONS, CLAIM_STATUSES, type ClaimAction, type ClaimStatus } from './claim-rules';

export const ClaimStatusEnum = asEnum(CLAIM_STATUSES);
export const ClaimActionEnum = asEnum(CLAIM_ACTIONS);
registerEnumType(ClaimStatusEnum, { name: 'ClaimStatus', description: 'REQUESTED → HELD | REJECTED → VERIFIED | REJECTED → PAID → REFUNDED.' });
registerEnumType(ClaimActionEnum, { name: 'ClaimAction' });

const MRN = /^[A-Za-z0-9][A-Za-z0-9./-]{0,31}$/;

@ObjectType('Fund')
export class FundModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => RupiahScalar)
  ceiling!: bigint;
}

@ObjectType('FundBalance', { description: 'Balances of a fund at a moment, computed from the journal.' })
export class FundBalanceModel {
  @Field(() => ID)
  fundId!: string;

  @Field(() => RupiahScalar, { description: 'Not held, not paid: what new claims can still get.' })
  available!: bigint;

  @Field(() => RupiahScalar, { description: 'Reserved by claims in flight (HELD, VERIFIED).' })
  held!: bigint;

  @Field(() => RupiahScalar, { description: 'Paid out, net of refunds.' })
  paid!: bigint;

  @Field()
  asOf!: Date;
}

@ObjectType('ClaimEvidence', { description: 'What eligibility was decided on.' })
export class ClaimEvidenceModel {
  @Field(() => PayerStatusEnum)
  payerStatusSeen!: PayerStatus;

  @Field({ description: 'DECLARED (by the submitter), ADMISSION (the admission record) or BPJS_VCLAIM (asked BPJS).' })
  source!: string;

  @Field({ description: 'NO_NIK, NO_BPJS or BPJS_INACTIVE.' })
  ground!: string;

  @Field()
  checkedAt!: Date;

  @Field({ description: 'Username of the person who submitted the claim.' })
  checkedBy!: string;

  @Field()
  nikPresent!: boolean;

  @Field(() => String, { nullable: true, description: 'statusPeserta.kode from BPJS VClaim, when asked.' })
  bpjsStatusCode!: string | null;

  @Field(() => String, { nullable: true, description: 'statusPeserta.keterangan from BPJS VClaim, or why it could not be asked.' })
  bpjsStatus!: string | null;
}

@ObjectType('ClaimEvent', { description: 'One action on a claim.' })
export class ClaimEventModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ClaimActionEnum)
  action!: ClaimAction;

  @Field(() => ClaimStatusEnum, { nullable: true })
  fromStatus!: ClaimStatus | null;

  @Field(() => ClaimStatusEnum)
  toStatus!: ClaimStatus;

  @Field(() => RupiahScalar, { nullable: true })
  amount!: bigint | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => ID, { nullable: true, description: 'Null when the ledger worker acted.' })
  actorId!: string | null;

  @Field()
  actorUsername!: string;

  @Field()
  at!: Date;
}

@ObjectType('Claim')
export class ClaimModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  fundId!: string;

  @Field()
  idempotencyKey!: string;

  @Field(() => ClaimStatusEnum)
  status!: ClaimStatus;

  @Field(() => RupiahScalar, { description: 'Requested amount.' })
  amount!: bigint;

  @Field(() => RupiahScalar, { description: 'What the claim holds now (0 once released or paid).' })
  heldAmount!: bigint;

  @Field(() => RupiahScalar)
  paidAmount!: bigint;

  @Field(() => RupiahScalar)
  refundedAmount!: bigint;

  @Field(() => PayerStatusEnum, { description: 'Payer status as submitted.' })
  payerStatus!: PayerStatus;

  @Field()
  medicalRecordNumber!: string;

  @Field()
  patientName!: string;

  @Field(() => String, { nullable: true })
  nik!: string | null;

  @Field()
  emergency!: boolean;

  @Field(() => ID, { nullable: true })
  admissionId!: string | null;

  @Field(() => ID, { nullable: true })
  wardId!: string | null;

  @Field(() => ClaimEvidenceModel)
  evidence!: ClaimEvidenceModel;

  @Field(() => String, { nullable: true })
  rejectReason!: string | null;

  @Field(() => ID)
  submittedBy!: string;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType('DrawdownTotals', { description: 'Sums over every claim matching the filter, not only this page.' })
export class DrawdownTotals {
  @Field(() => RupiahScalar)
  requested!: bigint;

  @Field(() => RupiahScalar, { description: 'Held now by the matching claims.' })
  held!: bigint;

  @Field(() => RupiahScalar)
  paid!: bigint;

  @Field(() => RupiahScalar)
  refunded!: bigint;
}

@ObjectType()
export class DrawdownConnection extends ConnectionType(ClaimModel, 'Drawdown') {
  @Field(() => DrawdownTotals)
  totals!: DrawdownTotals;
}

@ObjectType('LedgerVerification')
export class LedgerVerification {
  @Field()
  valid!: boolean;

  @Field(() => Int)
  entriesChecked!: number;

  @Field({ description: 'Hash of the last entry (64 zeros for an empty journal).' })
  headHash!: string;

  @Field(() => ID, { nullable: true, description: 'The first journal entry whose hash or link does not match.' })
  firstBrokenEntryId!: string | null;
}

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

@ObjectType('ClaimChange', { description: "A claim's new state after an action (no patient name or NIK)." })
export class ClaimChange {
  @Field(() => ID)
  claimId!: string;

  @Field(() => ID)
  fundId!: string;

  @Field({ description: 'Grows with every action on the claim.' })
  seq!: string;

  @Field(() => ClaimActionEnum)
  action!: ClaimAction;

  @Field(() => ClaimStatusEnum)
  status!: ClaimStatus;

  @Field()
  medicalRecordNumber!: string;

  @Field(() => RupiahScalar)
  amount!: bigint;

  @Field(() => RupiahScalar)
  heldAmount!: bigint;

  @Field(() => RupiahScalar)
  paidAmount!: bigint;

  @Field(() => RupiahScalar)
  refundedAmount!: bigint;

  @Field(() => String, { nullable: true })
  rejectReason!: string | null;

  @Field()
  actorUsername!: string;

  @Field()
  at!: Date;
}

@ObjectType('FundBalanceChange', { description: "A fund's balances after a posting." })
export class FundBalanceChange {
  @Field(() => ID)
  fundId!: string;

  @Field(() => Int, { description: 'Journal position of the posting; grows with every posting.' })
  seq!: number;

  @Field(() => RupiahScalar)
  ceiling!: bigint;

  @Field(() => RupiahScalar)
  available!: bigint;

  @Field(() => RupiahScalar)
  held!: bigint;

  @Field(() => RupiahScalar)
  paid!: bigint;

  @Field({ description: 'Available is under LOW_BALANCE_PERCENT of the ceiling.' })
  lowBalance!: boolean;

  @Field()
  at!: Date;
}
