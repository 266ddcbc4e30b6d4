import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { metricsAccess } from './metrics-access';
import { MetricsService } from './metrics.service';
import { Public } from '../common/public.decorator';

/** Public to the auth guard: METRICS_TOKEN is checked here, not a session. */
@Public()
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const access = metricsAccess(this.config.isProduction, this.config.env.METRICS_TOKEN, req.headers.authorization);
    if (access === 'off') {
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    if (access === 'unauthorized') {
      res.status(401).setHeader('www-authenticate', 'Bearer realm="metrics"');
      res.type('text/plain').send('Send "Authorization: Bearer <METRICS_TOKEN>".\n');
      return;
    }
    res.setHeader('content-type', this.metrics.registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(await this.metrics.registry.metrics());
  }
}
