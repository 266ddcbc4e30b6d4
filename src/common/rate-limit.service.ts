import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../health/metrics.service';
import { AppError } from './error-codes';
import { RateLimiter } from './rate-limiter';

/** Limits for login attempts and for anonymous GraphQL traffic, per client address. */
@Injectable()
export class RateLimitService {
  private readonly login: RateLimiter;
  private readonly anonymous: RateLimiter;

  constructor(
    config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.login = new RateLimiter(config.env.RATE_LIMIT_LOGIN_PER_MINUTE, 60_000);
    this.anonymous = new RateLimiter(config.env.RATE_LIMIT_ANONYMOUS_PER_MINUTE, 60_000);
  }

  /** Throws RATE_LIMITED when this address has tried to log in too often this minute. */
  checkLogin(address: string): void {
    const wait = this.login.hit(address);
    if (wait > 0) {
      this.metrics.refusedRequests.inc({ reason: 'login_rate' });
      throw new AppError('RATE_LIMITED', `Too many login attempts from your address; try again in ${Math.ceil(wait / 1000)} s.`, {
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    }
  }

  /** Express middleware for /graphql: requests without a token are counted per address. */
  readonly anonymousMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    if (req.headers.authorization) return next();
    const wait = this.anonymous.hit(req.ip ?? 'unknown');
    if (wait === 0) return next();
    this.metrics.refusedRequests.inc({ reason: 'anonymous_rate' });
    const seconds = Math.ceil(wait / 1000);
    res.status(429).setHeader('retry-after', String(seconds));
    res.type('application/json').send(
      JSON.stringify({
        errors: [{ message: `Too many requests from your address; try again in ${seconds} s.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds } }],
      }),
    );
  };
}
