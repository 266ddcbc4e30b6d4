import { CloseCode, DEPRECATED_GRAPHQL_WS_PROTOCOL, handleProtocols, makeServer, type ServerOptions, type WebSocket as ProtocolSocket } from 'graphql-ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { jsonObjectOf } from '../common/json-object';

/** graphql-ws/use/ws's interval: each socket is pinged this often and cut when it has not answered by the next ping. */
export const KEEP_ALIVE_MS = 12_000;

const INTERNAL_ERROR = 'Internal server error';

export interface GraphqlWsLog {
  error(message: string, err: unknown): void;
  warn(message: string): void;
}

/**
 * graphql-ws's handler of a socket's messages. Typed by graphql-ws as taking the text, it hands
 * what it gets to its parseMessage, which takes the text or the parsed message alike.
 */
type MessageHandler = (data: string | object) => Promise<void>;

/**
 * A message as it goes to graphql-ws's handler: parsed here, with a known document's text
 * replaced by its one shared copy (`sharedText`). The handler keeps its argument for as long as a
 * subscription lasts, so the message text and the query in it would otherwise be held once per
 * subscriber. A text that is not a JSON object goes as it came, for graphql-ws to refuse as it refuses it.
 */
export function parsedMessage(text: string, sharedText: (query: string) => string): string | object {
  const message = jsonObjectOf(text);
  if (message === null) return text;
  const payload = message.payload;
  if (typeof payload === 'object' && payload !== null && typeof (payload as { query?: unknown }).query === 'string') {
    const withQuery = payload as { query: string };
    withQuery.query = sharedText(withQuery.query);
  }
  return message;
}

/** A WebSocket as graphql-ws's protocol handler sees it, and what this server keeps per socket besides. */
class Connection implements ProtocolSocket {
  /** graphql-ws's handler of the socket's messages, and of its close. */
  handle: MessageHandler | null = null;
  closed: ((code: number, reason: string) => Promise<void>) | null = null;
  /** Pinged, and no pong since. */
  pinged = false;

  constructor(readonly socket: WebSocket) {}

  get protocol(): string {
    return this.socket.protocol;
  }

  send(data: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState !== this.socket.OPEN) return resolve();
      this.socket.send(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  onMessage(cb: (data: string) => Promise<void>): void {
    this.handle = cb as MessageHandler;
  }
}

export interface GraphqlWsServer {
  /** Closes every socket with 1001 and stops serving. */
  dispose(): Promise<void>;
}

/**
 * graphql-ws's protocol (its own makeServer) on `ws` at `path` of an HTTP server, served as
 * graphql-ws/use/ws and Nest's GqlSubscriptionService serve it: the same subprotocol check,
 * close codes, keep-alive pings and shutdown. It holds less per socket, which counts when tens of
 * thousands of anonymous watchers are connected: the socket's listeners are shared functions
 * (not closures and `once` wrappers per socket), one timer pings every socket (not an interval and
 * a timeout per socket), a message is not held by a pending handler for as long as its
 * subscription lasts, and `extra` keeps only what `extraOf` takes from the upgrade request
 * (not the request itself, with its headers).
 */
export function serveGraphqlWs<P extends Record<string, unknown> | undefined, E>(
  httpServer: Server,
  path: string,
  options: ServerOptions<P, E>,
  extraOf: (socket: WebSocket, request: IncomingMessage) => E,
  {
    isProd,
    log,
    maxMessageBytes,
    keepAliveMs = KEEP_ALIVE_MS,
    sharedText = (query) => query,
  }: {
    isProd: boolean;
    log: GraphqlWsLog;
    /** A longer message closes the socket with 1009. */
    maxMessageBytes: number;
    keepAliveMs?: number;
    /** The one kept copy of a known document's text (see parsedMessage). */
    sharedText?: (query: string) => string;
  },
): GraphqlWsServer {
  const server = makeServer(options);
  // No client tracking: `connections` already holds every socket, and ws's own set would add an
  // entry and a close listener per socket.
  const wss = new WebSocketServer({ path, noServer: true, handleProtocols, maxPayload: maxMessageBytes, clientTracking: false });
  const connections = new Map<WebSocket, Connection>();
  const reason = (err: unknown) => {
    if (isProd) return INTERNAL_ERROR;
    const message = err instanceof Error ? err.message : String(err);
    // A close reason has at most 123 bytes.
    return message.length < 124 ? message : INTERNAL_ERROR;
  };

  function onMessage(this: WebSocket, data: RawData): void {
    const handle = connections.get(this)?.handle;
    if (!handle) return;
    handle(parsedMessage(String(data), sharedText)).catch((err: unknown) => {
      log.error('Internal error occurred during message handling. Please check your implementation.', err);
      this.close(CloseCode.InternalServerError, reason(err));
    });
  }
  function onError(this: WebSocket, err: Error): void {
    log.error('Internal error emitted on a WebSocket socket. Please check your implementation.', err);
    this.close(CloseCode.InternalServerError, reason(err));
  }
  function onPong(this: WebSocket): void {
    const connection = connections.get(this);
    if (connection) connection.pinged = false;
  }
  function onClose(this: WebSocket, code: number, why: Buffer): void {
    const connection = connections.get(this);
    if (!connection) return;
    connections.delete(this);
    if (!isProd && code === CloseCode.SubprotocolNotAcceptable && this.protocol === DEPRECATED_GRAPHQL_WS_PROTOCOL) {
      log.warn(`Client provided the unsupported and deprecated subprotocol "${this.protocol}" used by subscriptions-transport-ws.`);
    }
    void connection.closed?.(code, String(why));
  }

  wss.once('error', (err) => {
    log.error('Internal error emitted on the WebSocket server. Please check your implementation.', err);
    for (const socket of connections.keys()) socket.close(CloseCode.InternalServerError, reason(err));
  });
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const connection = new Connection(socket);
    connections.set(socket, connection);
    socket.on('error', onError);
    socket.on('message', onMessage);
    socket.on('pong', onPong);
    socket.on('close', onClose);
    connection.closed = server.opened(connection, extraOf(socket, request));
  });

  // An unanswered ping of the last round cuts the socket, as use/ws's per-socket timeout does.
  const keepAlive = setInterval(() => {
    for (const [socket, connection] of connections) {
      if (connection.pinged) socket.terminate();
      else if (socket.readyState === socket.OPEN) {
        connection.pinged = true;
        socket.ping();
      }
    }
  }, keepAliveMs);
  keepAlive.unref();

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Other paths are left to other listeners; handleUpgrade answers 400 to a longer one (/graphqlx).
    if (!request.url?.startsWith(path)) return;
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  httpServer.on('upgrade', onUpgrade);

  return {
    dispose: async () => {
      clearInterval(keepAlive);
      httpServer.off('upgrade', onUpgrade);
      for (const socket of connections.keys()) socket.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
