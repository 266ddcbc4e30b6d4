import { Module } from '@nestjs/common';
import { BedsModule } from '../beds/beds.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { QueueModule } from '../queue/queue.module';
import { QueueService } from '../queue/queue.service';
import { BpjsVclaimClient } from './bpjs-vclaim.client';
import { ClaimCommandsService } from './claim-commands.service';
import { ClaimDocumentsService } from './claim-documents.service';
import { ClaimEvidenceService } from './claim-evidence.service';
import { HoldExpiryService } from './hold-expiry.service';
import { LedgerExportsService } from './ledger-exports.service';
import { LedgerFilesController } from './ledger-files.controller';
import { LedgerFundResolver } from './ledger-fund.resolver';
import { LedgerReportsService } from './ledger-reports.service';
import { LedgerSealsService } from './ledger-seals.service';
import { LedgerSigningKey } from './ledger-signing-key';
import { FundsService } from './funds.service';
import { LedgerGauges } from './ledger.gauges';
import { LedgerExportController } from './ledger-export.controller';
import { LedgerLiveService } from './ledger-live.service';
import { LedgerQueriesService } from './ledger-queries.service';
import { LEDGER_POSTINGS_QUEUE } from './ledger.jobs';
import { LedgerProcessor } from './ledger.processor';
import { LedgerResolver } from './ledger.resolver';

/** The emergency fund's claims, postings and queries: what every process role needs. */
@Module({
  imports: [BedsModule, HospitalsModule, QueueModule],
  providers: [
    ClaimCommandsService,
    LedgerQueriesService,
    ClaimEvidenceService,
    FundsService,
    BpjsVclaimClient,
    LedgerGauges,
    ClaimDocumentsService,
    HoldExpiryService,
    LedgerExportsService,
    LedgerReportsService,
    LedgerSealsService,
    LedgerSigningKey,
  ],
  exports: [
    ClaimCommandsService,
    LedgerQueriesService,
    FundsService,
    ClaimDocumentsService,
    HoldExpiryService,
    LedgerExportsService,
    LedgerReportsService,
    LedgerSealsService,
    LedgerSigningKey,
  ],
})
export class LedgerModule {
  constructor(queues: QueueService) {
    // Declared here so the queue's job counts are reported before the first claim opens it.
    queues.declare(LEDGER_POSTINGS_QUEUE);
  }
}

/** The ledger's API (ROLE api or all): GraphQL, its subscriptions, the exports and the documents. */
@Module({
  imports: [LedgerModule],
  controllers: [LedgerExportController, LedgerFilesController],
  providers: [LedgerLiveService, LedgerResolver, LedgerFundResolver],
})
export class LedgerApiModule {}

/** The ledger's worker (ROLE worker or all): places holds from the queue, sweeps pending claims. */
@Module({
  imports: [LedgerModule, QueueModule],
  providers: [LedgerProcessor],
})
export class LedgerWorkerModule {}
