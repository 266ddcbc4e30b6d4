import type { RequestHandler } from 'express';
import helmet from 'helmet';

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

/**
 * Security headers on every response (helmet): CSP without inline script, nosniff, no framing, no
 * referrer. Every page the service serves (the public page, the ward console, the GraphQL
 * explorer) is built from its own files, so one strict policy covers them all.
 */
export function securityHeaders(production: boolean): RequestHandler {
  return headers(STRICT_DIRECTIVES, production);
}
