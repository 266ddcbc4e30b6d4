import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../gql/graphql';
import { RequestError } from './graphql';

export type ConnectionState = 'connecting' | 'online' | 'offline';

/** graphql-ws close code of the service when the session ended or the token expired. */
const SESSION_ENDED = 4401;

export interface Live {
  subscribe<R, V>(document: TypedDocumentString<R, V>, variables: V, onData: (data: R) => void, onError: (err: RequestError) => void): () => void;
  dispose(): void;
}

/**
 * One WebSocket per session, retried for ever (a ward's tablet stays open for a whole shift):
 * graphql-ws subscribes again after a reconnect, and the service then sends the current state
 * first, so the screen is re-read by itself.
 */
export function connectLive(token: string, onState: (s: ConnectionState) => void, onSessionEnded: () => void): Live {
  let everConnected = false;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const client: Client = createClient({
    url,
    connectionParams: () => ({ authorization: `Bearer ${token}` }),
    lazy: true,
    keepAlive: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    // 0.5 s, 1 s, 2 s, then every 3 s (with some spread so tablets do not all come at once).
    retryWait: (retries) => new Promise((ok) => setTimeout(ok, Math.min(500 * 2 ** retries, 3000) + Math.random() * 300)),
    on: {
      connecting: () => onState(everConnected ? 'offline' : 'connecting'),
      connected: () => {
        everConnected = true;
        onState('online');
      },
      closed: (event) => {
        if ((event as CloseEvent | undefined)?.code === SESSION_ENDED) onSessionEnded();
        else onState('offline');
      },
    },
  });
  return {
    subscribe(document, variables, onData, onError) {
      return client.subscribe<typeof onData extends (d: infer D) => void ? D : never>(
        { query: document.toString(), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            const first = result.errors?.[0];
            if (first) {
              const code = first.extensions?.code;
              const err = new RequestError(typeof code === 'string' ? code : 'UNKNOWN', first.message);
              if (err.code === 'UNAUTHENTICATED') onSessionEnded();
              else onError(err);
            } else if (result.data) onData(result.data);
          },
          error: (err) => {
            if (Array.isArray(err)) {
              const first = (err as { message: string; extensions?: { code?: unknown } }[])[0];
              const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'UNKNOWN';
              if (code === 'UNAUTHENTICATED') onSessionEnded();
              else onError(new RequestError(code, first?.message ?? 'subscription refused'));
            }
            // A closed socket is retried by the client; its state is shown through onState.
          },
          complete: () => undefined,
        },
      );
    },
    dispose: () => void client.dispose(),
  };
}
