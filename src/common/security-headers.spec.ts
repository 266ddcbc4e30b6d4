import { createServer, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { helmetPolicy, recordedHeaders, securityHeaders, securityHeaderWriter } from './security-headers';

/** The headers one request gets from a bare Node server running the middleware. */
async function headersFrom(middleware: RequestHandler): Promise<IncomingHttpHeaders> {
  const listener: RequestListener = (req, res) => {
    res.setHeader('X-Powered-By', 'test');
    middleware(req as Request, res as Response, () => res.end('ok'));
  };
  const server = createServer(listener);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/`);
    await res.text();
    const headers: IncomingHttpHeaders = {};
    res.headers.forEach((value, name) => {
      if (name !== 'date' && name !== 'connection' && name !== 'keep-alive') headers[name] = value;
    });
    return headers;
  } finally {
    await new Promise((done) => server.close(done));
  }
}

describe('securityHeaders', () => {
  it.each([false, true])('sends exactly what helmet sends per request (production %s)', async (production) => {
    const replayed = await headersFrom(securityHeaders(securityHeaderWriter(production)));
    expect(replayed['content-security-policy']).toContain("script-src 'self'");
    expect(replayed['content-security-policy']?.includes('upgrade-insecure-requests')).toBe(production);
    expect(replayed['x-frame-options']).toBe('DENY');
    expect(replayed['x-powered-by']).toBeUndefined();
    expect(replayed).toEqual(await headersFrom(helmetPolicy(production)));
  });

  it('records removals as well as headers, in order', () => {
    const steps = recordedHeaders(helmet({ contentSecurityPolicy: false }));
    expect(steps).toContainEqual({ remove: 'X-Powered-By' });
    expect(steps).toContainEqual({ set: 'X-Content-Type-Options', value: 'nosniff' });
  });

  it('refuses a middleware that does not finish at once, which could not be replayed', () => {
    const deferred: RequestHandler = (_req, _res, next) => void setImmediate(next);
    expect(() => recordedHeaders(deferred)).toThrow(/did not finish synchronously/);
  });
});
