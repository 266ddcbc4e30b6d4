import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { Principal } from '../auth/principal';
import { AdmissionModel } from '../beds/beds.types';
import { requireRead } from '../auth/access';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { PageParams, type Page } from '../common/pagination';
import { RupiahScalar } from '../common/rupiah.scalar';
import { UuidPipe } from '../common/validation';
import { ClaimCommandsService } from './claim-commands.service';
import { FundsService } from './funds.service';
import { LedgerLiveService } from './ledger-live.service';
import { LedgerQueriesService } from './ledger-queries.service';
import { DrawdownFilter, OpenFundInput, SubmitClaimInput } from './ledger.inputs';
import { ClaimEventModel, ClaimModel, DrawdownConnection, FundBalanceModel, FundModel, LedgerVerification } from './ledger.models';
import { ClaimChange, FundBalanceChange } from './ledger.payloads';

@Resolver(() => ClaimModel)
export class LedgerResolver {
  constructor(
    private readonly queries: LedgerQueriesService,
    private readonly commands: ClaimCommandsService,
    private readonly fundsService: FundsService,
    private readonly live: LedgerLiveService,
  ) {}

  @Query(() => [FundModel], { description: 'Every fund, newest fiscal year first.' })
  funds(): Promise<FundModel[]> {
    return this.queries.funds();
  }

  @Roles('ADMISSIONS', 'VERIFIER', 'FINANCE', 'AUDITOR')
  @Query(() => FundBalanceModel, { description: 'Balances at asOf (default now), computed from the journal.' })
  fundBalance(@Args('fundId', { type: () => ID }, UuidPipe) fundId: string, @Args('asOf', { nullable: true }) asOf?: Date): Promise<FundBalanceModel> {
    return this.queries.fundBalance(fundId, asOf);
  }

  @Roles('AUDITOR', 'FINANCE')
  @Query(() => LedgerVerification, { description: "Walks the fund's hash chain and names the first entry that does not match." })
  verifyLedger(@Args('fundId', { type: () => ID }, UuidPipe) fundId: string): Promise<LedgerVerification> {
    return this.queries.verifyLedger(fundId);
  }

  @Query(() => DrawdownConnection, { description: 'Claims on the funds, newest first, with totals for the whole filter. VERIFIER, FINANCE, AUDITOR.' })
  drawdowns(
    @CurrentUser() principal: Principal,
    @Args('filter', { type: () => DrawdownFilter, nullable: true }) filter: DrawdownFilter | undefined,
    @PageParams() { first, after }: Page,
  ): Promise<DrawdownConnection> {
    requireRead(principal, 'claim');
    return this.queries.drawdowns(filter, first, after);
  }

  @Query(() => ClaimModel, { description: 'One claim. VERIFIER, FINANCE, AUDITOR; ADMISSIONS the claims they submitted.' })
  async claim(@CurrentUser() principal: Principal, @Args('id', { type: () => ID }, UuidPipe) id: string): Promise<ClaimModel> {
    const claim = await this.queries.claim(id);
    requireRead(principal, 'claim', { submittedBy: claim.submittedBy });
    return claim;
  }

  @ResolveField(() => AdmissionModel, { nullable: true, description: 'The admission the claim refers to, if it names one.' })
  async admission(@CurrentUser() principal: Principal, @Parent() claim: ClaimModel): Promise<AdmissionModel | null> {
    if (!claim.admissionId) return null;
    // Whoever may read the claim may read the admission it refers to, and no other (see the access matrix).
    requireRead(principal, 'admission', { wardId: claim.wardId, throughClaim: true });
    return this.queries.admission(claim.admissionId);
  }

  @ResolveField(() => [ClaimEventModel], { description: 'Every action on the claim, oldest first, with actor and time.' })
  history(@Parent() claim: ClaimModel): Promise<ClaimEventModel[]> {
    return this.queries.history(claim.id);
  }

  @Roles('FINANCE')
  @Mutation(() => FundModel, { description: 'Opens the fund of a fiscal year with its ceiling.' })
  openFund(@CurrentUser() actor: Principal, @Args('input') input: OpenFundInput): Promise<FundModel> {
    return this.fundsService.openFund(actor, input);
  }

  @Roles('ADMISSIONS')
  @Mutation(() => ClaimModel, { description: 'Records the claim (REQUESTED) and queues its hold; poll claim(id) or subscribe for the outcome.' })
  submitClaim(@CurrentUser() actor: Principal, @Args('input') input: SubmitClaimInput): Promise<ClaimModel> {
    return this.commands.submit(actor, input);
  }

  @Roles('VERIFIER')
  @Mutation(() => ClaimModel)
  verifyClaim(@CurrentUser() actor: Principal, @Args('id', { type: () => ID }, UuidPipe) id: string): Promise<ClaimModel> {
    return this.commands.verify(actor, id);
  }

  @Roles('VERIFIER')
  @Mutation(() => ClaimModel, { description: 'Rejects a claim that is REQUESTED, HELD or VERIFIED; its hold goes back to the fund.' })
  rejectClaim(@CurrentUser() actor: Principal, @Args('id', { type: () => ID }, UuidPipe) id: string, @Args('reason') reason: string): Promise<ClaimModel> {
    return this.commands.reject(actor, id, reason);
  }

  @Roles('FINANCE')
  @Mutation(() => ClaimModel, { description: 'Pays a VERIFIED claim, at most its hold; the rest of the hold goes back to the fund.' })
  payClaim(
    @CurrentUser() actor: Principal,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('amount', { type: () => RupiahScalar }) amount: bigint,
  ): Promise<ClaimModel> {
    return this.commands.pay(actor, id, amount);
  }

  @Roles('FINANCE')
  @Mutation(() => ClaimModel, { description: 'Returns at most the paid amount of a PAID claim to the fund (e.g. BPJS paid later).' })
  refundClaim(
    @CurrentUser() actor: Principal,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('amount', { type: () => RupiahScalar }) amount: bigint,
    @Args('reason') reason: string,
  ): Promise<ClaimModel> {
    return this.commands.refund(actor, id, amount, reason);
  }

  @Subscription(() => ClaimChange, {
    description:
      "Every action on the fund's claims, as committed (through the outbox). Bursts on one claim are coalesced to its latest state. VERIFIER, FINANCE, AUDITOR.",
    resolve: (value: ClaimChange) => value,
  })
  claimChanged(@CurrentUser() principal: Principal, @Args('fundId', { type: () => ID }, UuidPipe) fundId: string): Promise<AsyncIterableIterator<ClaimChange>> {
    requireRead(principal, 'claimChanged');
    return this.live.watchClaims(fundId);
  }

  @Subscription(() => FundBalanceChange, {
    description:
      "The fund's balances: first the current ones, then after every posting; lowBalance when available is under LOW_BALANCE_PERCENT of the ceiling. VERIFIER, FINANCE, AUDITOR.",
    resolve: (value: FundBalanceChange) => value,
  })
  fundBalanceChanged(
    @CurrentUser() principal: Principal,
    @Args('fundId', { type: () => ID }, UuidPipe) fundId: string,
  ): Promise<AsyncIterableIterator<FundBalanceChange>> {
    requireRead(principal, 'fundBalanceChanged');
    return this.live.watchBalance(fundId);
  }
}
