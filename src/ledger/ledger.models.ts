import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { asEnum } from '../common/graphql-enum';
import { PayerStatusEnum } from '../beds/beds.types';
import type { PayerStatus } from '../beds/payer-status';
import { ConnectionType } from '../common/pagination';
import { RupiahScalar } from '../common/rupiah.scalar';
import { CLAIM_ACTIONS, CLAIM_STATUSES, type ClaimAction, type ClaimStatus } from './claim-rules';

/** The ledger's GraphQL object types: funds, balances, claims and their history, the auditors' views. */

export const ClaimStatusEnum = asEnum(CLAIM_STATUSES);
export const ClaimActionEnum = asEnum(CLAIM_ACTIONS);
registerEnumType(ClaimStatusEnum, { name: 'ClaimStatus', description: 'REQUESTED → HELD | REJECTED → VERIFIED | REJECTED → PAID → REFUNDED.' });
registerEnumType(ClaimActionEnum, { name: 'ClaimAction' });

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
