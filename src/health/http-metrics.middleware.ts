import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';

/** The first path segment only, so label values stay few whatever URLs clients send. */
function routeOf(path: string): string {
  const first = path.split('/')[1] ?? '';
  return ['graphql', 'health', 'metrics', 'fhir', 'export'].includes(first) ? `/${first}` : first === '' ? '/' : 'other';
}

export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // Read now: mounted routers rewrite req.url while the request is handled.
    const route = routeOf(req.path);
    const end = metrics.httpDuration.startTimer({ method: req.method, route });
    res.on('finish', () => {
      end();
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
