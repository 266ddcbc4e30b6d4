import { Module } from '@nestjs/common';
import { QueueHealth } from './queue.health';
import { QueueService } from './queue.service';

@Module({ providers: [QueueService, QueueHealth], exports: [QueueService] })
export class QueueModule {}
