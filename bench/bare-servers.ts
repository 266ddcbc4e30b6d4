/**
 * The baselines' servers, each in a process of its own as the service is:
 *   node dist/bench/bare-servers.js http FILE   answers every request with FILE's JSON from memory
 *   node dist/bench/bare-servers.js ws FILE     sends FILE's text to each WebSocket client when it
 *                                               connects, and to all of them on POST /broadcast
 * Prints `listening PORT` once ready.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const [mode, file] = process.argv.slice(2);
const body = readFileSync(file, 'utf8');
const server = createServer();

if (mode === 'http') {
  const bytes = Buffer.from(body);
  server.on('request', (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
      res.end(bytes);
    });
  });
} else if (mode === 'ws') {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  wss.on('connection', (socket) => socket.send(body));
  server.on('request', (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // Like the service, answer first, then deliver.
      res.end('ok', () => {
        for (const client of wss.clients) client.send(body);
      });
    });
  });
} else {
  throw new Error(`unknown mode ${mode}: http or ws`);
}

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
