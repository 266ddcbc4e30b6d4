import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, Matches, validateSync } from 'class-validator';
import type { Request, Response } from 'express';
import { AppError } from '../common/error-codes';
import { Public } from '../common/public.decorator';
import { AppConfig } from '../config/app-config';
import { clientAddress } from '../limits/ws-limits';
import { LiveConnections } from '../live/live-connections';
import { SharedEventFrames } from '../live/shared-frames';
import type { WardAvailability } from '../beds/bed-changes.types';
import { LiveAvailabilityService } from './live-availability.service';

export class LiveAvailabilityQuery {
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'hospitalCode is a hospital code: 1 to 64 letters, digits, ".", "_" or "-"' })
  hospitalCode?: string;
}

/** What a public stream carries of a count: the same fields as the public page, never more. */
export const publicCounts = (v: WardAvailability) => ({
  hospitalCode: v.hospitalCode,
  wardId: v.wardId,
  wardName: v.wardName,
  bedClass: v.bedClass,
  bedClassLabel: v.bedClassLabel,
  total: v.total,
  available: v.available,
  occupied: v.occupied,
  reserved: v.reserved,
  cleaning: v.cleaning,
  closed: v.closed,
  waiting: v.waiting,
  availableForNewcomer: v.availableForNewcomer,
  expectedFreeWithin24h: v.expectedFreeWithin24h,
  freeMaleOnly: v.freeMaleOnly,
  freeFemaleOnly: v.freeFemaleOnly,
  freeEither: v.freeEither,
  seq: v.seq,
  updatedAt: v.updatedAt,
});

/** A keep-alive the page can see (EventSource hides comments): it says the stream still stands. */
const PING_MS = 20_000;
/** How long a browser waits before it reconnects by itself, should the page not do it first. */
const RETRY_MS = 5000;

/**
 * The light live channel: the public counts as Server-Sent Events, for a page whose WebSocket
 * was refused or cannot be opened. The same live feed and coalescing queue as the subscription
 * (first the current state, then every change, never an older seq after a newer one per ward
 * and class), each frame built once for all streams, and the same anonymous connection limits.
 */
@Public()
@Controller('live')
export class AvailabilityEventsController {
  private readonly logger = new Logger(AvailabilityEventsController.name);
  readonly frames = new SharedEventFrames<WardAvailability>('availability', publicCounts);

  constructor(
    private readonly live: LiveAvailabilityService,
    private readonly connections: LiveConnections,
    private readonly config: AppConfig,
  ) {}

  @Get('availability')
  async availability(@Query() raw: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const query = plainToInstance(LiveAvailabilityQuery, raw);
    const problems = validateSync(query, { whitelist: true, forbidNonWhitelisted: true });
    if (problems.length > 0) {
      const message = problems.flatMap((p) => Object.values(p.constraints ?? {})).join('; ') || 'Only hospitalCode may be given.';
      return this.refuse(res, 400, 'BAD_USER_INPUT', message);
    }
    const ip = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.config.env.TRUST_PROXY);
    if (!this.connections.anonymousStreams.acquire(ip)) {
      res.setHeader('retry-after', '30');
      return this.refuse(res, 429, 'RATE_LIMITED', 'Too many live connections from your address or on this server; try again in 30 s.');
    }
    let source: AsyncIterableIterator<WardAvailability>;
    try {
      source = await this.live.watchAvailability({ hospitalCode: query.hospitalCode });
    } catch (err) {
      this.connections.anonymousStreams.release(ip);
      if (err instanceof AppError) return this.refuse(res, 404, err.code, err.message);
      throw err;
    }
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    // A buffering reverse proxy (nginx) would hold the events back.
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.socket?.setNoDelay(true);

    let ended = false;
    const ping = setInterval(() => void write(`event: ping\ndata: ${Date.now()}\n\n`), PING_MS);
    ping.unref();
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(ping);
      untrack();
      this.connections.anonymousStreams.release(ip);
      void source.return?.();
      res.end();
    };
    const untrack = this.connections.trackStream(end);
    res.on('close', end);
    const slowMs = this.config.env.WS_SLOW_CLIENT_SECONDS * 1000;
    // Resolves once the socket took the frame: the next event is pulled only then, so a slow
    // reader's changes coalesce in its queue; one that takes nothing for too long is dropped.
    const write = (frame: string) =>
      new Promise<void>((resolve) => {
        if (ended) return resolve();
        if (res.write(frame)) return resolve();
        const timer = setTimeout(() => {
          this.logger.warn({ msg: 'dropped a slow event-stream client' });
          res.destroy();
          resolve();
        }, slowMs);
        timer.unref();
        res.once('drain', () => {
          clearTimeout(timer);
          resolve();
        });
        res.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    await write(`retry: ${RETRY_MS}\n\n`);
    try {
      for (;;) {
        const step = await source.next();
        if (step.done || ended) break;
        await write(this.frames.frame(step.value));
      }
    } finally {
      end();
    }
  }

  private refuse(res: Response, status: number, code: string, message: string): void {
    res
      .status(status)
      .type('application/json')
      .send(JSON.stringify({ error: { code, message } }));
  }
}
