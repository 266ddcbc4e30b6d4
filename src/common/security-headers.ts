import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** The policy of every page this service serves itself: scripts and styles from its own files only. */
const STRICT_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  // 'self' covers the page's WebSocket (ws:/wss: to the same host) as well as fetch.
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * GraphiQL, served on GET /graphql outside production only (it is off in production): its page
 * is Nest's, with an inline script and style and its code from unpkg.com. This relaxed policy
 * applies to /graphql responses only and never in production.
 */
const GRAPHIQL_DIRECTIVES = {
  ...STRICT_DIRECTIVES,
  scriptSrc: ["'self'", "'unsafe-inline'", 'https://unpkg.com'],
  styleSrc: ["'self'", "'unsafe-inline'", 'https://unpkg.com'],
  fontSrc: ["'self'", 'data:', 'https://unpkg.com'],
};

function headers(directives: Record<string, string[]>, production: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      // Plain-HTTP development would break if the browser upgraded every request.
      directives: production ? { ...directives, upgradeInsecureRequests: [] } : directives,
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // nosniff, HSTS (ignored by browsers over plain HTTP) and the rest: helmet's defaults.
  });
}

/** Security headers on every response (helmet): CSP without inline script, nosniff, no framing, no referrer. */
export function securityHeaders(production: boolean): RequestHandler {
  const strict = headers(STRICT_DIRECTIVES, production);
  if (production) return strict;
  const graphiql = headers(GRAPHIQL_DIRECTIVES, production);
  return (req: Request, res: Response, next: NextFunction) => (req.path === '/graphql' ? graphiql : strict)(req, res, next);
}
