import type { NextFunction, Request, Response } from 'express';
import type { ServerResponse } from 'node:http';
import type { MetricsService } from './metrics.service';

/** The first path segment only, so label values stay few whatever URLs clients send. */
function routeOf(path: string): string {
  const first = path.split('/')[1] ?? '';
  return ['graphql', 'health', 'metrics', 'fhir', 'export'].includes(first) ? `/${first}` : first === '' ? '/' : 'other';
}

/** Times a request and counts it by method, route and status once its answer is sent. */
export function observeHttpRequest(metrics: MetricsService, method: string, route: string, res: ServerResponse): void {
  const end = metrics.httpDuration.startTimer({ method, route });
  res.on('finish', () => {
    end();
    metrics.httpRequests.inc({ method, route, status: String(res.statusCode) });
  });
}

export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // Read now: mounted routers rewrite req.url while the request is handled.
    observeHttpRequest(metrics, req.method, routeOf(req.path), res);
    next();
  };
}
