import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SingleFlight } from '../common/single-flight';
import { AppConfig } from '../config/app-config';
import { BedsService } from './beds.service';

/**
 * Frees the beds whose reservation ran out (BedsWorkerModule: ROLE worker or all): a sweep at
 * start (so a worker that was down catches up) and every RESERVATION_SWEEP_SECONDS. The
 * reservation's end is in the database and each bed is freed under its row lock, so any
 * number of workers, restarted whenever, free each bed once.
 */
@Injectable()
export class ReservationExpiryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(ReservationExpiryWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private readonly sweeps = new SingleFlight(() => this.sweep());

  constructor(
    private readonly beds: BedsService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeps.request();
    this.timer = setInterval(() => this.sweeps.request(), this.config.env.RESERVATION_SWEEP_SECONDS * 1000);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeps.stop();
  }

  private async sweep(): Promise<void> {
    try {
      const released = await this.beds.releaseExpiredReservations();
      if (released > 0) this.log.log({ msg: 'freed beds whose reservation ran out', released });
    } catch (err) {
      // The next sweep tries again; the reservations stay in the database meanwhile.
      this.log.warn({ msg: 'freeing expired reservations failed; retrying at the next sweep', error: (err as Error).message });
    }
  }
}
