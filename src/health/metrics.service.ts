import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type GaugeSample = { labels?: Record<string, string>; value: number };

/**
 * Prometheus metrics of this process. Counters move with traffic here; gauges that describe
 * shared state (outbox backlog, queue depth, fund balances) are read when scraped, through
 * collectors that their owners register (HealthRegistry).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'siranap_http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'siranap_http_request_duration_seconds',
    help: 'HTTP request latency.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly graphqlOperations = new Counter({
    name: 'siranap_graphql_operations_total',
    help: 'GraphQL operations, by type and outcome (ok or the error code).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly bedChanges = new Counter({
    name: 'siranap_bed_changes_total',
    help: 'Committed bed changes, by new status.',
    labelNames: ['to'] as const,
    registers: [this.registry],
  });

  readonly refusedRequests = new Counter({
    name: 'siranap_refused_requests_total',
    help: 'Requests refused by limits (rate, size, depth, cost).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly graphqlAnswerCache = new Counter({
    name: 'siranap_graphql_answer_cache_total',
    help: 'Public GraphQL requests that could be answered from memory: hit (replayed) or miss (answered by Apollo).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'siranap_' });
  }

  /** A gauge whose value is read at scrape time (for example, a count in the database). */
  registerGauge(name: string, help: string, labelNames: string[], read: () => Promise<GaugeSample[]>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const sample of await read()) {
          if (sample.labels) this.set(sample.labels, sample.value);
          else this.set(sample.value);
        }
      },
    });
  }
}
