import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { RsOnlineService, type RsOnlineHealth } from '../rsonline/rsonline.service';

@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rsOnline: RsOnlineService,
  ) {}

  /** The process is up. */
  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The process can serve: its database answers. */
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: string; checks: Record<string, string>; details: { rsOnline: RsOnlineHealth } }> {
    const checks: Record<string, string> = {};
    try {
      await this.db.query('SELECT 1');
      checks.database = 'up';
    } catch (err) {
      checks.database = `down: ${(err as Error).message}`;
    }
    const ok = Object.values(checks).every((c) => c === 'up');
    // RS Online is reported to, not depended on: while it fails the service is degraded, still ready.
    const rsOnline = await this.rsOnline.health().catch((err: Error): RsOnlineHealth => ({ status: 'degraded', lastError: `state unreadable: ${err.message}` }));
    res.status(ok ? 200 : 503);
    return { status: !ok ? 'unavailable' : rsOnline.status === 'degraded' ? 'degraded' : 'ok', checks, details: { rsOnline } };
  }
}
