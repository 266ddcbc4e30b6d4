import type { TypedDocumentString } from '../gql/graphql';

/** A refused or failed request: the server's code, its English message (for logs) and details. */
export class RequestError extends Error {
  constructor(
    /** The server's extensions.code, NETWORK when the server could not be reached, NO_ANSWER when it did not answer in time. */
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface GraphQLResponse<R> {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

/**
 * How long a screen waits for an answer. Long enough for a slow 3G link; after it the user is
 * told, instead of a spinner that never ends (a stalled proxy or a half-open connection).
 */
export const REQUEST_DEADLINE_MS = 20_000;

/** One query or mutation over HTTP POST /graphql, typed by the generated document. */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V, token: string | null): Promise<R> {
  const abort = new AbortController();
  // A timer of the page (not AbortSignal.timeout), so a test's clock can run it forward.
  const deadline = setTimeout(() => abort.abort(), REQUEST_DEADLINE_MS);
  try {
    let res: Response;
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: document.toString(), variables }),
        signal: abort.signal,
      });
    } catch (err) {
      throw failure(err, abort.signal);
    }
    let body: GraphQLResponse<R>;
    try {
      body = (await res.json()) as GraphQLResponse<R>;
    } catch (err) {
      if (abort.signal.aborted) throw failure(err, abort.signal);
      // A proxy's error page, or the service going down mid-answer.
      throw new RequestError(res.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'NETWORK', `HTTP ${res.status} without a GraphQL answer`);
    }
    return answer(body, res.status);
  } finally {
    clearTimeout(deadline);
  }
}

function failure(err: unknown, signal: AbortSignal): RequestError {
  if (signal.aborted) return new RequestError('NO_ANSWER', `no answer within ${REQUEST_DEADLINE_MS} ms`);
  return new RequestError('NETWORK', err instanceof Error ? err.message : String(err));
}

function answer<R>(body: GraphQLResponse<R>, status: number): R {
  const first = body.errors?.[0];
  if (first) {
    const { code, ...details } = first.extensions ?? {};
    throw new RequestError(typeof code === 'string' ? code : 'UNKNOWN', first.message, details);
  }
  if (!body.data) throw new RequestError('UNKNOWN', `HTTP ${status} without data`);
  return body.data;
}
