import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { QueueService } from '../queue/queue.service';
import { RsOnlineService, type RsOnlineHealth } from '../rsonline/rsonline.service';

@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rsOnline: RsOnlineService,
    private readonly queues: QueueService,
  ) {}

  /** The process is up. */
  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * The process can serve: its database answers (else 503). The queue (Redis or PostgreSQL)
   * and RS Online are not needed to accept changes — claims wait as REQUESTED, reports are
   * retried — so while either fails the service is degraded, still ready.
   */
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: string; checks: Record<string, string>; details: { rsOnline: RsOnlineHealth; queue: Record<string, number> } }> {
    const checks: Record<string, string> = {};
    try {
      await this.db.query('SELECT 1');
      checks.database = 'up';
    } catch (err) {
      checks.database = `down: ${(err as Error).message}`;
    }
    const queue: Record<string, number> = {};
    try {
      for (const c of await this.queues.jobCounts()) queue[`${c.queue}.${c.state}`] = c.count;
      checks.queue = 'up';
    } catch (err) {
      checks.queue = `down (${this.queues.backend}): ${(err as Error).message}`;
    }
    const ok = checks.database === 'up';
    const rsOnline = await this.rsOnline.health().catch((err: Error): RsOnlineHealth => ({ status: 'degraded', lastError: `state unreadable: ${err.message}` }));
    const degraded = checks.queue !== 'up' || rsOnline.status === 'degraded';
    res.status(ok ? 200 : 503);
    return { status: !ok ? 'unavailable' : degraded ? 'degraded' : 'ok', checks, details: { rsOnline, queue } };
  }
}
