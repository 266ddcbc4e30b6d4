import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../health/metrics.service';
import { AppError } from '../common/error-codes';
import { RateLimiter } from './rate-limiter';

/** Limits for login attempts, anonymous GraphQL traffic and the FHIR API, per client address. */
@Injectable()
export class RateLimitService {
  private readonly login: RateLimiter;
  private readonly anonymous: RateLimiter;
  private readonly fhir: RateLimiter;
  /** Anonymous requests already counted by admitAnonymous and refused: how long each must wait. */
  private readonly decided = new WeakMap<IncomingMessage, number>();

  constructor(
    config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.login = new RateLimiter(config.env.RATE_LIMIT_LOGIN_PER_MINUTE, 60_000);
    this.anonymous = new RateLimiter(config.env.RATE_LIMIT_ANONYMOUS_PER_MINUTE, 60_000);
    this.fhir = new RateLimiter(config.env.RATE_LIMIT_FHIR_PER_MINUTE, 60_000);
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

  /**
   * Express middleware for /graphql: requests that are not `loggedIn` (a token that verifies,
   * as auth decides) are counted per address.
   */
  anonymousMiddleware(loggedIn: (authorization: string | undefined) => boolean) {
    return (req: Request, res: Response, next: NextFunction): void => this.limitAnonymous(loggedIn, req, res, next);
  }

  /**
   * Counts an anonymous request answered before Express (the public-answer front door) against
   * its address. A refused one goes on to the middleware, which answers it with the wait decided
   * here instead of counting it again.
   */
  admitAnonymous(req: IncomingMessage, address: string): boolean {
    const wait = this.anonymous.hit(address);
    if (wait === 0) return true;
    this.decided.set(req, wait);
    return false;
  }

  private limitAnonymous(loggedIn: (authorization: string | undefined) => boolean, req: Request, res: Response, next: NextFunction): void {
    if (loggedIn(req.headers.authorization)) return next();
    const wait = this.decided.get(req) ?? this.anonymous.hit(req.ip ?? 'unknown');
    if (wait === 0) return next();
    this.metrics.refusedRequests.inc({ reason: 'anonymous_rate' });
    const seconds = this.refuse(res, wait);
    res.type('application/json').send(
      JSON.stringify({
        errors: [
          { message: `Too many requests from your address; try again in ${seconds} s.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds } },
        ],
      }),
    );
  }

  /** Express middleware for /fhir: every request counted per address, refused as a FHIR OperationOutcome. */
  readonly fhirMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    const wait = this.fhir.hit(req.ip ?? 'unknown');
    if (wait === 0) return next();
    this.metrics.refusedRequests.inc({ reason: 'fhir_rate' });
    const seconds = this.refuse(res, wait);
    res.type('application/fhir+json').send(
      JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'throttled', diagnostics: `Too many requests from your address; try again in ${seconds} s.` }],
      }),
    );
  };

  private refuse(res: Response, waitMs: number): number {
    const seconds = Math.ceil(waitMs / 1000);
    res.status(429).setHeader('retry-after', String(seconds));
    return seconds;
  }
}
