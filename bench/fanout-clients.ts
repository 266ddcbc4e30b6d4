/**
 * The fan-out benchmark's subscribers, in a process of their own (forked with IPC).
 * Messages from the parent:
 *   { type: 'connect', url, n, mode: 'graphql' | 'raw', query, variables } → { type: 'ready', firstMessage }
 *     graphql: the graphql-transport-ws protocol by hand on `ws` (init, subscribe, pong), so both
 *     modes cost the clients the same; ready when every client has its first message.
 *   { type: 'arm' } → { type: 'armed' }, then { type: 'arrivals', us } when every client got one more
 *     message: the arrival times (process.hrtime, µs; the clock is the machine's monotonic one).
 *   { type: 'close' } → { type: 'closed' }
 */
import WebSocket from 'ws';

interface ConnectCommand {
  type: 'connect';
  url: string;
  n: number;
  mode: 'graphql' | 'raw';
  query: string;
  variables: Record<string, unknown>;
}
type Command = ConnectCommand | { type: 'arm' } | { type: 'close' };

const send = (msg: object) => process.send!(msg);
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

let sockets: WebSocket[] = [];
let armed = false;
let arrivals: number[] = [];
let pending = 0;

function onMessage(
  i: number,
  ws: WebSocket,
  raw: WebSocket.RawData,
  mode: ConnectCommand['mode'],
  first: (i: number, text: string) => void,
  cmd: ConnectCommand,
): void {
  const at = nowUs();
  const text = raw.toString();
  const msg = JSON.parse(text) as { type: string; payload?: unknown };
  if (mode === 'graphql') {
    if (msg.type === 'connection_ack') {
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: cmd.query, variables: cmd.variables } }));
      return;
    }
    if (msg.type === 'ping') {
      ws.send(JSON.stringify({ type: 'pong' }));
      return;
    }
    if (msg.type !== 'next') {
      send({ type: 'error', message: `client ${i}: ${text.slice(0, 300)}` });
      return;
    }
  }
  first(i, text);
  if (armed && arrivals[i] === 0) {
    arrivals[i] = at;
    pending -= 1;
    if (pending === 0) {
      armed = false;
      send({ type: 'arrivals', us: arrivals });
    }
  }
}

async function connect(cmd: ConnectCommand): Promise<void> {
  const got = new Array<boolean>(cmd.n).fill(false);
  let firstMessage = '';
  let waiting = cmd.n;
  let wake: () => void = () => undefined;
  const first = (i: number, text: string) => {
    if (got[i]) return;
    got[i] = true;
    if (i === 0) firstMessage = text;
    waiting -= 1;
    wake();
  };
  const batch = 250;
  for (let start = 0; start < cmd.n; start += batch) {
    const end = Math.min(cmd.n, start + batch);
    for (let i = start; i < end; i++) {
      const ws = new WebSocket(cmd.url, cmd.mode === 'graphql' ? 'graphql-transport-ws' : undefined);
      ws.on('open', () => {
        if (cmd.mode === 'graphql') ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      });
      ws.on('message', (raw) => onMessage(i, ws, raw, cmd.mode, first, cmd));
      ws.on('error', (err) => send({ type: 'error', message: `client ${i}: ${err.message}` }));
      ws.on('close', (code) => {
        if (sockets.length > 0) send({ type: 'error', message: `client ${i} closed with ${code}` });
      });
      sockets.push(ws);
    }
    // Open in batches, so the server's accept backlog never overflows.
    await new Promise<void>((done) => {
      wake = () => {
        if (cmd.n - waiting >= end) done();
      };
      wake();
    });
  }
  send({ type: 'ready', firstMessage });
}

process.on('message', (cmd: Command) => {
  if (cmd.type === 'connect') {
    sockets = [];
    connect(cmd).catch((err: unknown) => send({ type: 'error', message: (err as Error).message }));
  } else if (cmd.type === 'arm') {
    arrivals = new Array<number>(sockets.length).fill(0);
    pending = sockets.length;
    armed = true;
    send({ type: 'armed' });
  } else if (cmd.type === 'close') {
    const all = sockets;
    sockets = [];
    let open = all.length;
    if (open === 0) send({ type: 'closed' });
    for (const ws of all) {
      ws.once('close', () => {
        open -= 1;
        if (open === 0) send({ type: 'closed' });
      });
      ws.close();
    }
  }
});
