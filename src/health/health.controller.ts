import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry, type ReadinessSummary } from './health-registry';
import { Public } from '../common/public.decorator';

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** The process is up. */
  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * The process can serve: its required checks (the database) are up (else 503). What is not
   * needed to accept changes (the queue: claims wait as REQUESTED; RS Online: reports are
   * retried) only makes the service degraded, still ready. Each owner registers its checks.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessSummary> {
    const summary = await this.registry.ready();
    res.status(summary.status === 'unavailable' ? 503 : 200);
    return summary;
  }
}
