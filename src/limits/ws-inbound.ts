import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** What a WebSocket client may send per window: subscribe messages, pings and a token are far below it. */
export const WS_INBOUND_BYTES_PER_WINDOW = 64 * 1024;
export const WS_INBOUND_WINDOW_MS = 10_000;

/**
 * An `upgrade` listener for the HTTP server, run before the WebSocket server's: a client that
 * sends more than WS_INBOUND_BYTES_PER_WINDOW within a window is disconnected. The WebSocket
 * server refuses any one message longer than that (its maxPayload); this limit covers many
 * smaller messages, and frames sent slowly, which the message limit alone would let through.
 */
export function limitWebSocketInbound(path: string) {
  return (req: IncomingMessage, socket: Duplex): void => {
    if (!req.url?.startsWith(path)) return;
    let bytes = 0;
    let windowStart = Date.now();
    socket.on('data', (chunk: Buffer) => {
      const now = Date.now();
      if (now - windowStart > WS_INBOUND_WINDOW_MS) {
        windowStart = now;
        bytes = 0;
      }
      bytes += chunk.length;
      if (bytes > WS_INBOUND_BYTES_PER_WINDOW) socket.destroy();
    });
  };
}
