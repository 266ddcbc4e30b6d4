import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { RupiahScalar } from '../common/rupiah.scalar';
import type { ClaimAction, ClaimStatus } from './claim-rules';
import { ClaimActionEnum, ClaimStatusEnum } from './ledger.models';

/** What the ledger's subscriptions send (and its outbox topics carry): claimChanged, fundBalanceChanged. */

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
