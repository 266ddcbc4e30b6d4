import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BedsModule } from '../beds/beds.module';
import { QueueModule } from '../queue/queue.module';
import { QueueService } from '../queue/queue.service';
import { BpjsVclaimClient } from './bpjs-vclaim.client';
import { ClaimCommandsService } from './claim-commands.service';
import { ClaimEvidenceService } from './claim-evidence.service';
import { FundsService } from './funds.service';
import { LedgerGauges } from './ledger.gauges';
import { LedgerExportController } from './ledger-export.controller';
import { LedgerLiveService } from './ledger-live.service';
import { LedgerQueriesService } from './ledger-queries.service';
import { LEDGER_POSTINGS_QUEUE } from './ledger.jobs';
import { LedgerProcessor } from './ledger.processor';
import { LedgerResolver } from './ledger.resolver';

@Module({
  imports: [AuthModule, BedsModule, QueueModule],
  controllers: [LedgerExportController],
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
  ],
  exports: [ClaimCommandsService, LedgerQueriesService],
})
export class LedgerModule {
  constructor(queues: QueueService) {
    // Declared here so the queue's job counts are reported before the first claim opens it.
    queues.declare(LEDGER_POSTINGS_QUEUE);
  }
}
