import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
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

@Module({
  imports: [AuthModule, BedsModule, HospitalsModule, QueueModule],
  controllers: [LedgerExportController, LedgerFilesController],
  providers: [
    ClaimCommandsService,
    LedgerQueriesService,
    ClaimEvidenceService,
    FundsService,
    LedgerLiveService,
    LedgerResolver,
    LedgerProcessor,
    BpjsVclaimClient,
    LedgerGauges,
    ClaimDocumentsService,
    HoldExpiryService,
    LedgerExportsService,
    LedgerReportsService,
    LedgerSealsService,
    LedgerSigningKey,
    LedgerFundResolver,
  ],
  exports: [ClaimCommandsService, LedgerQueriesService],
})
export class LedgerModule {
  constructor(queues: QueueService) {
    // Declared here so the queue's job counts are reported before the first claim opens it.
    queues.declare(LEDGER_POSTINGS_QUEUE);
  }
}
