import type { TypedDocumentString } from '../gql/graphql';

/** A refused or failed request: the server's code, its English message (for logs) and details. */
export class RequestError extends Error {
  constructor(
    /** The server's extensions.code, or NETWORK when the server could not be reached. */
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

/** One query or mutation over HTTP POST /graphql, typed by the generated document. */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V, token: string | null): Promise<R> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch (err) {
    throw new RequestError('NETWORK', err instanceof Error ? err.message : String(err));
  }
  let body: GraphQLResponse<R>;
  try {
    body = (await res.json()) as GraphQLResponse<R>;
  } catch {
    // A proxy's error page, or the service going down mid-answer.
    throw new RequestError(res.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'NETWORK', `HTTP ${res.status} without a GraphQL answer`);
  }
  const first = body.errors?.[0];
  if (first) {
    const { code, ...details } = first.extensions ?? {};
    throw new RequestError(typeof code === 'string' ? code : 'UNKNOWN', first.message, details);
  }
  if (!body.data) throw new RequestError('UNKNOWN', `HTTP ${res.status} without data`);
  return body.data;
}
