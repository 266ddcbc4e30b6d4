import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BedsModule } from '../beds/beds.module';
import { QueueModule } from '../queue/queue.module';
import { BpjsVclaimClient } from './bpjs-vclaim.client';
import { LedgerGauges } from './ledger.gauges';
import { LedgerExportController } from './ledger-export.controller';
import { LedgerLiveService } from './ledger-live.service';
import { LedgerProcessor } from './ledger.processor';
import { LedgerResolver } from './ledger.resolver';
import { LedgerService } from './ledger.service';

@Module({
  imports: [AuthModule, BedsModule, QueueModule],
  controllers: [LedgerExportController],
  providers: [LedgerService, LedgerLiveService, LedgerResolver, LedgerProcessor, BpjsVclaimClient, LedgerGauges],
  exports: [LedgerService],
})
export class LedgerModule {}
