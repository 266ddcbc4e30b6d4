import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { ServerResponse } from 'node:http';

/** The policy of every page this service serves itself: scripts and styles from its own files only. */
const STRICT_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  // GraphiQL's stylesheet carries its fonts inline (data: fonts run no code).
  fontSrc: ["'self'", 'data:'],
  // 'self' covers the page's WebSocket (ws:/wss: to the same host) as well as fetch.
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** helmet with the service's policy: what every response's security headers are recorded from. */
export function helmetPolicy(production: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      // Plain-HTTP development would break if the browser upgraded every request.
      directives: production ? { ...STRICT_DIRECTIVES, upgradeInsecureRequests: [] } : STRICT_DIRECTIVES,
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // nosniff, HSTS (ignored by browsers over plain HTTP) and the rest: helmet's defaults.
  });
}

type HeaderValue = string | number | readonly string[];
type HeaderStep = { set: string; value: HeaderValue } | { remove: string };

/**
 * What a helmet middleware does to a response, recorded once. With a fixed policy (no nonces)
 * its headers are the same for every request, and replaying them costs a fraction of running
 * helmet's dozen middleware functions per request, on the path of every answer.
 */
export function recordedHeaders(middleware: RequestHandler): HeaderStep[] {
  const steps: HeaderStep[] = [];
  const recorder = {
    setHeader(name: string, value: HeaderValue) {
      steps.push({ set: name, value });
      return recorder;
    },
    removeHeader(name: string) {
      steps.push({ remove: name });
    },
  };
  let done = false;
  middleware({} as Request, recorder as unknown as Response, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    done = true;
  });
  // A policy that answered asynchronously or by itself (nonces, reporting) cannot be replayed.
  if (!done) throw new Error('the security headers middleware did not finish synchronously');
  return steps;
}

/** Writes the recorded security headers on a response, as running the policy would. */
export type SecurityHeaderWriter = (res: ServerResponse) => void;

/**
 * Security headers on every response (helmet): CSP without inline script, nosniff, no framing, no
 * referrer. Every page the service serves (the public page, the ward console, the GraphQL
 * explorer) is built from its own files, so one strict policy covers them all.
 */
export function securityHeaderWriter(production: boolean): SecurityHeaderWriter {
  const steps = recordedHeaders(helmetPolicy(production));
  return (res) => {
    for (const step of steps) {
      if ('set' in step) res.setHeader(step.set, step.value);
      else res.removeHeader(step.remove);
    }
  };
}

/** The writer as Express middleware, for every route. */
export function securityHeaders(write: SecurityHeaderWriter): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction): void => {
    write(res);
    next();
  };
}
