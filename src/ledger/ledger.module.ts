import { Module } from '@nestjs/common';
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

/** The emergency fund's claims, postings and queries: what every process role needs. */
@Module({
  imports: [BedsModule, QueueModule],
  providers: [ClaimCommandsService, LedgerQueriesService, ClaimEvidenceService, FundsService, BpjsVclaimClient, LedgerGauges],
  exports: [ClaimCommandsService, LedgerQueriesService, FundsService],
})
export class LedgerModule {
  constructor(queues: QueueService) {
    // Declared here so the queue's job counts are reported before the first claim opens it.
    queues.declare(LEDGER_POSTINGS_QUEUE);
  }
}

/** The ledger's API (ROLE api or all): GraphQL, its subscriptions and the CSV export. */
@Module({
  imports: [LedgerModule],
  controllers: [LedgerExportController],
  providers: [LedgerLiveService, LedgerResolver],
})
export class LedgerApiModule {}

/** The ledger's worker (ROLE worker or all): places holds from the queue, sweeps pending claims. */
@Module({
  imports: [LedgerModule, QueueModule],
  providers: [LedgerProcessor],
})
export class LedgerWorkerModule {}
