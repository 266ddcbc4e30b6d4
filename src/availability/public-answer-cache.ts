import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { WardAvailability } from '../beds/bed-changes.types';
import { MetricsService } from '../health/metrics.service';
import { EventBus } from '../outbox/event-bus';
import { SETUP_CHANGED } from '../setup/setup.topics';
import { CACHE_MAX_AGE_MS } from './availability.service';
import { answerScope, isCleanAnswer, MAX_ANSWER_CHARS, MAX_ANSWERS, publicRequest, touchedBy, type AnswerFilter, type PublicRequest } from './public-answer';
import { ResponseCache, type Fill } from './response-cache';

/** An answer as Apollo sent it: the headers it and Express set (content type, length, ETag) and the body. */
export interface Answer {
  headers: [string, OutgoingHttpHeader][];
  body: Buffer;
}

/**
 * Whole answers to the public, event-kept GraphQL queries (see public-answer.ts), replayed
 * before Nest and Apollo do any work: by the front door (public-answer-front-door.ts) before
 * Express, or by this middleware, which app.factory mounts on POST /graphql right after the
 * security headers, the anonymous rate limit and the JSON body parser. Either way a replayed
 * answer is limited and carries the same security headers as Apollo's. An answer is dropped by the
 * changes that drop the availability service's own cache, and by every setup change.
 */
@Injectable()
export class PublicAnswerCache implements OnModuleInit, OnModuleDestroy {
  private readonly cache = new ResponseCache<AnswerFilter[], Answer>(MAX_ANSWERS, CACHE_MAX_AGE_MS);
  private readonly hits;
  private readonly misses;
  private subscription: number | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly metrics: MetricsService,
    private readonly bus: EventBus,
  ) {
    this.hits = metrics.graphqlAnswerCache.labels({ outcome: 'hit' });
    this.misses = metrics.graphqlAnswerCache.labels({ outcome: 'miss' });
  }

  async onModuleInit(): Promise<void> {
    this.metrics.registerGauge('siranap_graphql_answer_cache_entries', 'Public GraphQL answers kept in memory by this process.', [], () =>
      Promise.resolve([{ value: this.cache.size }]),
    );
    // Names, wards, rooms and beds: setup changes are rare, so each drops every answer.
    this.subscription = await this.bus.subscribe(SETUP_CHANGED.name, () => this.cache.changed());
    // Changes published while pub/sub was away are lost to this process.
    this.stopListening = this.bus.onListening(() => this.cache.changed());
  }

  onModuleDestroy(): void {
    if (this.subscription !== null) this.bus.unsubscribe(this.subscription);
    this.stopListening?.();
  }

  /** From the availability feed, before its subscribers: a change of one ward and class, or null when changes may have been missed. */
  countsChanged(value: WardAvailability | null): void {
    this.cache.changed(value ? (filters) => touchedBy(filters, value) : undefined);
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const request = publicRequest(req.method, req.headers, req.body);
    if (!request) return next();
    const hit = this.kept(request.key);
    if (!hit) {
      this.misses.inc();
      this.capture(request, res);
      return next();
    }
    this.replay(hit, res);
  };

  /** The answer kept for this request key, if any. */
  kept(key: string): Answer | undefined {
    return this.cache.peek(key);
  }

  /** Writes a kept answer as Apollo sent it. */
  replay(answer: Answer, res: ServerResponse): void {
    this.hits.inc();
    res.statusCode = 200;
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    res.end(answer.body);
  }

  /** Lets Apollo answer, and keeps the answer when it is a success that no change overtook. */
  private capture(request: PublicRequest, res: Response): void {
    const fill = this.cache.begin();
    // Headers set so far (helmet's, the request id) are set again for every request.
    const earlier = new Set(res.getHeaderNames());
    const send = res.send;
    res.send = (body?: unknown): Response => {
      res.send = send;
      send.call(res, body);
      if (typeof body === 'string') this.keep(fill, request, res, earlier, body);
      return res;
    };
  }

  private keep(fill: Fill, request: PublicRequest, res: Response, earlier: Set<string>, body: string): void {
    if (res.statusCode !== 200 || request.key.length + body.length > MAX_ANSWER_CHARS || !isCleanAnswer(body)) return;
    const scope = answerScope(request);
    if (!scope) return;
    // Names as they were set, so the replayed header block is the same, byte for byte. Every
    // OutgoingMessage has getRawHeaderNames (Node 15.13); @types/node 20 declares it on ClientRequest only.
    const raw = res as unknown as { getRawHeaderNames(): string[] };
    const headers: [string, OutgoingHttpHeader][] = [];
    for (const name of raw.getRawHeaderNames()) {
      const value = res.getHeader(name);
      if (!earlier.has(name.toLowerCase()) && value !== undefined) headers.push([name, value]);
    }
    this.cache.put(fill, request.key, scope, { headers, body: Buffer.from(body, 'utf8') });
  }
}
