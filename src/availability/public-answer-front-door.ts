import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { publicRequest } from './public-answer';
import type { PublicAnswerCache } from './public-answer-cache';

/** The largest body the front door reads itself: a public question is a few hundred bytes. */
const MAX_FRONT_BODY_BYTES = 16 * 1024;
/** The body types the JSON body parser decodes as the front door does (UTF-8). */
const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface FrontDoorParts {
  answers: Pick<PublicAnswerCache, 'kept' | 'replay'>;
  /** The JSON body parser's limit: a larger body is left to it, which refuses it. */
  bodyLimitBytes: number;
  /** Counts the request against the anonymous limit; false when the limit refuses it. */
  admit(req: IncomingMessage): boolean;
  /** What the Express chain does to every response before its handler runs: security headers, request id, metrics. */
  prepare(req: IncomingMessage, res: ServerResponse): void;
}

/** A body-parser error as Nest maps it: a SyntaxError with status 400. */
type BodyError = SyntaxError & { status: number; statusCode: number; expose: boolean; type: string };

function bodyError(message: string, type: string): BodyError {
  return Object.assign(new SyntaxError(message), { status: 400, statusCode: 400, expose: true, type });
}

/** The body parser's strict JSON: an object or an array (a byte-order mark is dropped, as its decoder does). */
export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false; error: BodyError } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[')
    return { ok: false, error: bodyError(`Unexpected token ${JSON.stringify(first ?? '')}: the body must be a JSON object`, 'entity.parse.failed') };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (err) {
    return { ok: false, error: bodyError((err as Error).message, 'entity.parse.failed') };
  }
}

/**
 * Kept public answers (PublicAnswerCache) served before Express: routing a request through
 * Express and its JSON body parser costs several times what writing the kept bytes does. Only an
 * anonymous POST /graphql with a small JSON body of known length is read here; when its answer is
 * kept and the anonymous limit admits it, the front door does what the Express chain would
 * (security headers, request id, metrics, the limit) and writes the answer. Every other request,
 * and every read one that is not such a hit, goes on to Express untouched but for its body, which
 * is handed over parsed (the body parser leaves a request whose body was read as it is) or as
 * the parser's own refusal.
 */
export class PublicAnswerFrontDoor {
  private readonly bodyErrors = new WeakMap<IncomingMessage, BodyError>();

  constructor(private readonly parts: FrontDoorParts) {}

  /** The server's request listener: this front door, then `app` for whatever it does not answer. */
  listener(app: Listener): Listener {
    return (req, res) => {
      const length = this.readableLength(req);
      if (length === null) return app(req, res);
      this.read(req, length, (text) => {
        let answered: boolean;
        try {
          answered = this.answer(req, res, text);
        } catch (err) {
          // Thrown in a stream's event it would end the process: Express answers instead, unless the answer has begun.
          answered = res.headersSent;
          if (answered) res.destroy(err as Error);
        }
        if (!answered) app(req, res);
      });
    };
  }

  /** Writes the kept answer of a read request; false when the request goes on to Express. */
  private answer(req: IncomingMessage, res: ServerResponse, text: string | null): boolean {
    if (text === null) return false;
    const parsed = parseJsonBody(text);
    if (!parsed.ok) {
      this.bodyErrors.set(req, parsed.error);
      return false;
    }
    (req as IncomingMessage & { body?: unknown }).body = parsed.value;
    const request = publicRequest('POST', req.headers, parsed.value);
    const answer = request ? this.parts.answers.kept(request.key) : undefined;
    if (!answer || !this.parts.admit(req)) return false;
    this.parts.prepare(req, res);
    this.parts.answers.replay(answer, res);
    return true;
  }

  /** Express middleware right before the body parser: a body read here that did not parse is refused as the parser refuses it. */
  readonly bodyErrorMiddleware = (req: Request, _res: Response, next: NextFunction): void => {
    const error = this.bodyErrors.get(req);
    if (error) next(error);
    else next();
  };

  /** The body's length when this request is one the front door reads, else null. */
  private readableLength(req: IncomingMessage): number | null {
    if (req.method !== 'POST' || req.url !== '/graphql') return null;
    const { headers } = req;
    if (headers.authorization !== undefined || headers['transfer-encoding'] !== undefined) return null;
    if (headers['content-encoding'] !== undefined && headers['content-encoding'].toLowerCase() !== 'identity') return null;
    if (!JSON_TYPES.has((headers['content-type'] ?? '').toLowerCase())) return null;
    const length = Number(headers['content-length']);
    if (!Number.isInteger(length) || length <= 0 || length > Math.min(MAX_FRONT_BODY_BYTES, this.parts.bodyLimitBytes)) return null;
    return length;
  }

  /** Reads the whole body; a request that breaks off is handed on with the parser's refusal. */
  private read(req: IncomingMessage, length: number, done: (text: string | null) => void): void {
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (text: string | null) => {
      if (settled) return;
      settled = true;
      req.removeListener('data', onData);
      done(text);
    };
    const onData = (chunk: Buffer) => chunks.push(chunk);
    req.on('data', onData);
    req.once('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      // Node frames the body by its Content-Length; a shorter one means the request broke off.
      if (body.length !== length) {
        this.bodyErrors.set(req, bodyError('request size did not match content length', 'request.size.invalid'));
        return settle(null);
      }
      settle(body.toString('utf8'));
    });
    req.once('error', () => {
      this.bodyErrors.set(req, bodyError('request aborted', 'request.aborted'));
      settle(null);
    });
  }
}
