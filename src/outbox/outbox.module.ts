import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EventBus } from './event-bus';
import { OutboxGauges } from './outbox.gauges';
import { OutboxRelay } from './outbox.relay';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { PgEventBus } from './pg-event-bus';
import { RedisEventBus } from './redis-event-bus';

/**
 * The transactional outbox and the pub/sub between replicas. Global: any module may enqueue
 * events in its transactions (OutboxService) and subscribe to them (EventBus).
 */
@Global()
@Module({
  providers: [
    OutboxRepository,
    OutboxService,
    OutboxGauges,
    {
      provide: EventBus,
      inject: [AppConfig],
      useFactory: (config: AppConfig): EventBus =>
        config.env.REDIS_URL ? new RedisEventBus(config.env.REDIS_URL, config.env.PUBSUB_PREFIX) : new PgEventBus(config.databaseUrl, config.env.PUBSUB_PREFIX),
    },
  ],
  exports: [OutboxService, OutboxRepository, EventBus],
})
export class OutboxModule {}

/** The relay that publishes the outbox (ROLE worker or all). */
@Module({ providers: [OutboxRelay] })
export class OutboxWorkerModule {}
