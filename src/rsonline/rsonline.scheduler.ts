import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AVAILABILITY_CHANGED } from '../beds/beds.topics';
import { AppConfig } from '../config/app-config';
import { EventBus } from '../outbox/event-bus';
import { RsOnlineService } from './rsonline.service';

/**
 * When the worker reports to RS Online (RsOnlineWorkerModule: ROLE worker or all): soon after a
 * change of the counts (one report per debounce window, whatever the number of changes), on a
 * schedule, and at start.
 */
@Injectable()
export class RsOnlineScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private schedule: NodeJS.Timeout | null = null;
  private subscription: number | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly rsOnline: RsOnlineService,
    private readonly config: AppConfig,
    private readonly bus: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.rsOnline.enabled) return;
    this.subscription = await this.bus.subscribe(AVAILABILITY_CHANGED.name, (payload) => {
      if ((payload as { hospitalCode?: unknown }).hospitalCode === this.rsOnline.hospitalCode) this.rsOnline.requestReport();
    });
    // Changes published while this process was not listening were missed: report anew.
    this.stopListening = this.bus.onListening(() => this.rsOnline.requestReport());
    this.schedule = setInterval(() => this.rsOnline.report(), this.config.env.RSONLINE_INTERVAL_SECONDS * 1000);
    // Not at once: on a first start the seed runs after the modules have started.
    this.rsOnline.requestReport();
  }

  onModuleDestroy(): void {
    if (this.schedule) clearInterval(this.schedule);
    if (this.subscription !== null) this.bus.unsubscribe(this.subscription);
    this.stopListening?.();
  }
}
