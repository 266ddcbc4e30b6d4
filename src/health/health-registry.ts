import { Injectable } from '@nestjs/common';
import { MetricsService, type GaugeSample } from './metrics.service';

/** What a readiness check found: `state` is 'up' or says what is down (shown as is). */
export interface ReadinessReport {
  state: string;
  /** Shown under `details.<name>` of /health/ready. */
  details?: unknown;
}

/** Extra state shown under `details.<name>`; `degraded` makes the service degraded, never down. */
export interface HealthDetail {
  degraded: boolean;
  value: unknown;
}

interface Readiness {
  name: string;
  /** A required check that is not up makes the service unavailable (503); others degrade it. */
  required: boolean;
  check: () => Promise<ReadinessReport>;
}

export interface ReadinessSummary {
  status: 'ok' | 'degraded' | 'unavailable';
  checks: Record<string, string>;
  details: Record<string, unknown>;
}

/**
 * Where modules register what /health/ready and /metrics report about them, so health knows
 * no feature module: each owner registers its checks and gauges from its own providers.
 */
@Injectable()
export class HealthRegistry {
  private readonly readiness: Readiness[] = [];
  private readonly detailReaders = new Map<string, () => Promise<HealthDetail>>();

  constructor(private readonly metrics: MetricsService) {}

  registerReadiness(name: string, check: () => Promise<ReadinessReport>, options: { required: boolean }): void {
    this.readiness.push({ name, check, required: options.required });
  }

  registerDetail(name: string, read: () => Promise<HealthDetail>): void {
    this.detailReaders.set(name, read);
  }

  /** A gauge whose value is read at scrape time (for example, a count in the database). */
  registerGauge(name: string, help: string, labelNames: string[], read: () => Promise<GaugeSample[]>): void {
    this.metrics.registerGauge(name, help, labelNames, read);
  }

  async ready(): Promise<ReadinessSummary> {
    const checks: Record<string, string> = {};
    const details: Record<string, unknown> = {};
    let unavailable = false;
    let degraded = false;
    for (const r of this.readiness) {
      const report = await r.check().catch((err: Error): ReadinessReport => ({ state: `down: ${err.message}` }));
      checks[r.name] = report.state;
      if (report.details !== undefined) details[r.name] = report.details;
      if (report.state !== 'up') {
        if (r.required) unavailable = true;
        else degraded = true;
      }
    }
    for (const [name, read] of this.detailReaders) {
      const detail = await read();
      details[name] = detail.value;
      if (detail.degraded) degraded = true;
    }
    return { status: unavailable ? 'unavailable' : degraded ? 'degraded' : 'ok', checks, details };
  }
}
