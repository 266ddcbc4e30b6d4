import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Graceful stop of an HTTP server with keep-alive clients. `server.close()` alone stops new
 * connections, but a busy keep-alive connection is never idle, so its client goes on sending
 * until the deadline. Once draining, every response says `Connection: close` (Node then ends
 * the connection after it), idle connections are closed at once, and a request is either
 * answered in full or never read.
 */
export class HttpDrain {
  private draining = false;
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly server: Server) {
    // Before Express sees the request, so it holds for every route.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (this.draining) {
        res.setHeader('connection', 'close');
        return;
      }
      this.open.add(res);
      res.once('close', () => this.open.delete(res));
    });
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Resolves once every connection has closed. */
  drain(): Promise<void> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Requests in flight: their answer ends their connection.
    for (const res of this.open) if (!res.headersSent) res.setHeader('connection', 'close');
    this.open.clear();
    this.server.closeIdleConnections();
    return closed;
  }
}
