import { Args, ID, Int, Mutation, Parent, Query, registerEnumType, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '../auth/principal';
import { requireRead } from '../auth/access';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Public } from '../common/public.decorator';
import { PageParams, type Page } from '../common/pagination';
import { UuidPipe } from '../common/validation';
import { badInput } from '../common/error-codes';
import { ClaimDocumentsService } from './claim-documents.service';
import { LedgerReportsService } from './ledger-reports.service';
import { LedgerSealsService } from './ledger-seals.service';
import {
  BalancePointModel,
  ClaimDocumentModel,
  ClaimDuplicateModel,
  ClaimModel,
  FundModel,
  FundTransparencyModel,
  LedgerSealModel,
  VerificationQueueConnection,
} from './ledger.models';

export enum SeriesUnit {
  DAY = 'day',
  MONTH = 'month',
}
registerEnumType(SeriesUnit, { name: 'SeriesUnit', description: 'Buckets of a balance series: WITA days or months.' });

/** The fund as Kupang runs it: the verifier's queue, duplicates, documents, the chart, seals, closing a year, the public summary. */
@Resolver(() => ClaimModel)
export class LedgerFundResolver {
  constructor(
    private readonly reports: LedgerReportsService,
    private readonly claimDocuments: ClaimDocumentsService,
    private readonly seals: LedgerSealsService,
  ) {}

  @Roles('VERIFIER', 'FINANCE', 'AUDITOR')
  @Query(() => VerificationQueueConnection, {
    description: "The verifier's queue: the fund's HELD claims, oldest hold first (see Claim.duplicates and Claim.documents).",
  })
  verificationQueue(@Args('fundId', { type: () => ID }, UuidPipe) fundId: string, @PageParams() { first, after }: Page): Promise<VerificationQueueConnection> {
    return this.reports.verificationQueue(fundId, first, after);
  }

  @Roles('VERIFIER', 'FINANCE', 'AUDITOR')
  @Query(() => [BalancePointModel], {
    description: 'Available, held and paid at the end of each WITA day or month of [from, to), from the journal (effective dates); at most 400 points.',
  })
  fundBalanceSeries(
    @Args('fundId', { type: () => ID }, UuidPipe) fundId: string,
    @Args('from') from: Date,
    @Args('to') to: Date,
    @Args('unit', { type: () => SeriesUnit, defaultValue: SeriesUnit.DAY }) unit: SeriesUnit,
  ): Promise<BalancePointModel[]> {
    return this.reports.balanceSeries(fundId, from, to, unit);
  }

  @Roles('VERIFIER', 'FINANCE', 'AUDITOR')
  @Query(() => [LedgerSealModel], { description: "The fund's signed seals (month ends WITA, the year's close), oldest first." })
  ledgerSeals(@Args('fundId', { type: () => ID }, UuidPipe) fundId: string): Promise<LedgerSealModel[]> {
    return this.seals.seals(fundId);
  }

  @Public()
  @Query(() => FundTransparencyModel, {
    description:
      'Public summary of a fund (default: the newest): ceiling, paid, held, patients helped, per month, the latest sealed head hash. No personal data.',
  })
  fundTransparency(@Args('fiscalYear', { type: () => Int, nullable: true }) fiscalYear?: number | null): Promise<FundTransparencyModel> {
    if (fiscalYear !== undefined && fiscalYear !== null && (fiscalYear < 2000 || fiscalYear > 2100)) throw badInput('fiscalYear must be from 2000 to 2100.');
    return this.reports.transparency(fiscalYear ?? undefined);
  }

  @Roles('FINANCE')
  @Mutation(() => FundModel, {
    description: 'Closes the fiscal year: only without claims REQUESTED, HELD or VERIFIED; the fund then takes refunds only, and the close is sealed.',
  })
  closeFund(@CurrentUser() actor: Principal, @Args('fundId', { type: () => ID }, UuidPipe) fundId: string): Promise<FundModel> {
    return this.seals.closeFund(actor, fundId);
  }

  @ResolveField(() => [ClaimDuplicateModel], {
    description: 'Other claims for the same NIK or record number in the same admission or within CLAIM_DUPLICATE_WINDOW_DAYS.',
  })
  duplicates(@CurrentUser() principal: Principal, @Parent() claim: ClaimModel): Promise<ClaimDuplicateModel[]> {
    requireRead(principal, 'claim');
    return this.reports.duplicates(claim.id);
  }

  @ResolveField(() => [ClaimDocumentModel], {
    description: 'Evidence documents, oldest first; the content is at GET /ledger/documents/{id} (VERIFIER, FINANCE, AUDITOR).',
  })
  documents(@Parent() claim: ClaimModel): Promise<ClaimDocumentModel[]> {
    return this.claimDocuments.documents(claim.id);
  }
}
