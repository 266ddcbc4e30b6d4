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
registerEnumType(ClaimStatusEnum, {
  name: 'ClaimStatus',
  description: 'REQUESTED → HELD | REJECTED → VERIFIED | REJECTED | EXPIRED (hold ran out) → PAID → REFUNDED.',
});
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

  @Field(() => Date, { nullable: true, description: 'When FINANCE closed the year; a closed fund takes refunds only.' })
  closedAt!: Date | null;
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

  @Field(() => Date, { nullable: true, description: 'When the hold was placed; it runs out CLAIM_HOLD_DAYS later unless verified.' })
  heldAt!: Date | null;

  @Field(() => Date, { nullable: true })
  verifiedAt!: Date | null;

  @Field(() => RupiahScalar, { nullable: true, description: 'What the verifier accepted; the rest of the hold went back to the fund.' })
  verifiedAmount!: bigint | null;

  @Field(() => String, { nullable: true, description: 'The SP2D (disbursement order) number the payment was made under.' })
  sp2dNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'The SP2D date, YYYY-MM-DD.' })
  sp2dDate!: string | null;

  @Field(() => Date, { nullable: true, description: 'Set when the claim stayed VERIFIED and unpaid past CLAIM_PAYMENT_DAYS.' })
  paymentOverdueAt!: Date | null;
}

@ObjectType('ClaimDuplicate', { description: 'Another claim that may be a double of this one (flagged, not refused).' })
export class ClaimDuplicateModel {
  @Field(() => ID)
  claimId!: string;

  @Field(() => ClaimStatusEnum)
  status!: ClaimStatus;

  @Field(() => RupiahScalar)
  amount!: bigint;

  @Field()
  createdAt!: Date;

  @Field(() => [String], { description: 'SAME_NIK and/or SAME_RECORD_NUMBER, with SAME_ADMISSION and/or WITHIN_WINDOW.' })
  reasons!: string[];
}

@ObjectType('ClaimDocument', { description: 'An evidence document; its content is at GET /ledger/documents/{id}.' })
export class ClaimDocumentModel {
  @Field(() => ID)
  id!: string;

  @Field()
  fileName!: string;

  @Field({ description: 'application/pdf, image/jpeg or image/png, told from the content.' })
  mediaType!: string;

  @Field(() => Int)
  byteSize!: number;

  @Field()
  sha256!: string;

  @Field()
  uploadedByUsername!: string;

  @Field()
  uploadedAt!: Date;
}

@ObjectType()
export class VerificationQueueConnection extends ConnectionType(ClaimModel, 'VerificationQueue') {}

@ObjectType('BalancePoint', { description: "The fund's balances at the end of a WITA day or month, from the journal's effective dates." })
export class BalancePointModel {
  @Field({ description: 'First instant of the day or month (WITA).' })
  start!: Date;

  @Field({ description: 'The balances are as of this instant (the end of the bucket, or the end of the period).' })
  asOf!: Date;

  @Field(() => RupiahScalar)
  available!: bigint;

  @Field(() => RupiahScalar)
  held!: bigint;

  @Field(() => RupiahScalar)
  paid!: bigint;
}

@ObjectType('LedgerSeal', { description: "A signed seal of the fund's chain (month end WITA or the year's close)." })
export class LedgerSealModel {
  @Field({ description: 'YYYY-MM or FY-YYYY.' })
  period!: string;

  @Field(() => Int)
  headSeq!: number;

  @Field()
  headHash!: string;

  @Field(() => Int)
  entryCount!: number;

  @Field(() => RupiahScalar)
  available!: bigint;

  @Field(() => RupiahScalar)
  held!: bigint;

  @Field(() => RupiahScalar)
  paid!: bigint;

  @Field()
  sealedAt!: Date;

  @Field({ description: 'Base64 Ed25519 signature; the public key is at GET /ledger/public-key.' })
  signature!: string;
}

@ObjectType('FundMonth', { description: 'One WITA month of a fund, without personal data.' })
export class FundMonthModel {
  @Field({ description: 'YYYY-MM' })
  month!: string;

  @Field(() => RupiahScalar, { description: 'Paid in the month, net of refunds booked in it.' })
  paid!: bigint;

  @Field(() => RupiahScalar, { description: 'Held at the end of the month (or now, for the current month).' })
  held!: bigint;

  @Field(() => Int, { description: 'Claims paid in the month.' })
  claimsPaid!: number;
}

@ObjectType('FundTransparency', { description: 'Public summary of a fund: no names, NIKs or record numbers.' })
export class FundTransparencyModel {
  @Field(() => Int)
  fiscalYear!: number;

  @Field()
  name!: string;

  @Field(() => RupiahScalar)
  ceiling!: bigint;

  @Field(() => RupiahScalar, { description: 'Paid, net of refunds.' })
  paid!: bigint;

  @Field(() => RupiahScalar)
  held!: bigint;

  @Field(() => RupiahScalar)
  available!: bigint;

  @Field(() => Int, { description: 'Distinct patients with a payment not fully refunded.' })
  patientsHelped!: number;

  @Field(() => [FundMonthModel])
  months!: FundMonthModel[];

  @Field(() => String, { nullable: true, description: 'Head hash of the latest seal: what the monthly report prints.' })
  sealedHeadHash!: string | null;

  @Field(() => String, { nullable: true })
  sealedPeriod!: string | null;

  @Field(() => Date, { nullable: true })
  sealedAt!: Date | null;
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

  @Field(() => ID, {
    nullable: true,
    description: 'The first journal entry whose hash or link does not match, or whose documents no longer match their hashes.',
  })
  firstBrokenEntryId!: string | null;

  @Field(() => [ID], { description: 'Evidence documents whose stored content no longer has the SHA-256 the journal recorded.' })
  changedDocumentIds!: string[];
}
