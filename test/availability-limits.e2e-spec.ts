import { createClient, type Client } from 'graphql-ws';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { TestApp } from './support/test-app';
import { eventually, hasProgram, Watch, wsClient } from './support/live';

const SUB = `subscription { availabilityChanged(hospitalCode: "RSUD-SKLERIK") { wardId seq } }`;

describe('limits for anonymous watchers', () => {
  let t: TestApp;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await TestApp.start({ WS_MAX_CONNECTIONS_PER_IP: '2', WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  /** Resolves with the close code when the server refuses the connection, or 'open' once acknowledged. */
  const connect = (token?: string) =>
    new Promise<number | 'open'>((resolve) => {
      const c = createClient({
        url: `${t.baseUrl.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        on: { connected: () => resolve('open'), closed: (e) => resolve((e as { code: number }).code) },
        onNonLazyError: () => undefined,
      });
      clients.push(c);
    });

  it('caps anonymous connections per address; logged-in staff are not counted', async () => {
    expect(await connect()).toBe('open');
    expect(await connect()).toBe('open');
    expect(await connect()).toBe(4403);
    const staff = await t.adminToken();
    expect(await connect(staff)).toBe('open');
    // A closed connection frees its place.
    await clients[0].dispose();
    await new Promise((r) => setTimeout(r, 200));
    expect(await connect()).toBe('open');
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await new Promise((r) => setTimeout(r, 200));
  });

  it('caps subscriptions per anonymous connection with a FORBIDDEN error', async () => {
    const c = wsClient(t.baseUrl);
    clients.push(c);
    const first = new Watch(c, SUB);
    const second = new Watch(c, SUB);
    await first.until((w) => w.data.length > 0, 'the first subscription');
    await second.until((w) => w.data.length > 0, 'the second subscription');
    const third = new Watch(c, SUB);
    await third.until((w) => w.errorCode !== undefined, 'the refusal');
    expect(third.errorCode).toBe('FORBIDDEN');
    // Completing one frees its place on the connection.
    first.close();
    await new Promise((r) => setTimeout(r, 200));
    const fourth = new Watch(c, SUB);
    await fourth.until((w) => w.data.length > 0, 'a subscription after one completed');
  });

  it('serves only subscriptions over WebSocket (queries and mutations go over HTTP and its limits)', async () => {
    const c = wsClient(t.baseUrl);
    clients.push(c);
    const query = new Watch(c, '{ hospitals { code } }');
    await query.until((w) => w.errorCode !== undefined, 'the refusal');
    expect(query.errorCode).toBe('BAD_USER_INPUT');
    const garbage = new Watch(c, 'subscription {');
    await garbage.until((w) => w.errorCode !== undefined, 'the refusal');
    expect(garbage.errorCode).toBe('BAD_USER_INPUT');
  });

  it('refuses subscriptions over the alias, depth and cost limits, as over HTTP', async () => {
    const c = wsClient(t.baseUrl);
    clients.push(c);
    const aliases = Array.from({ length: 200 }, (_, i) => `a${i}: wardName`).join(' ');
    const manyAliases = new Watch(c, `subscription { availabilityChanged { ${aliases} } }`);
    await manyAliases.until((w) => w.errorCode !== undefined, 'the alias refusal');
    expect(manyAliases.errorCode).toBe('BAD_USER_INPUT');
    expect(manyAliases.errorMessage).toMatch(/200 aliases; at most 30/);
    let doubling = 'subscription { ...F0 }\n';
    for (let i = 0; i < 22; i++) doubling += `fragment F${i} on Subscription { ...F${i + 1} ...F${i + 1} }\n`;
    doubling += 'fragment F22 on Subscription { availabilityChanged { wardName } }\n';
    const costly = new Watch(c, doubling);
    await costly.until((w) => w.errorCode !== undefined, 'the cost refusal');
    expect(costly.errorCode).toBe('BAD_USER_INPUT');
    expect(costly.errorMessage).toMatch(/would cost \d+/);
    // The connection still serves a subscription within the limits.
    const fine = new Watch(c, SUB);
    await fine.until((w) => w.data.length > 0, 'a subscription within the limits');
  });

  it('disconnects a client that sends more than a WebSocket client needs', async () => {
    const socket = new WebSocket(`${t.baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { junk: 'x'.repeat(1024 * 1024) } }));
    await closed;
    expect(socket.readyState).toBe(WebSocket.CLOSED);
  });
});

const canStall = hasProgram('python3');
if (!canStall) process.stdout.write('[availability-limits] slow-client test skipped: no python3 (it drives a client with a tiny receive buffer)\n');

(canStall ? describe : describe.skip)('a client that stops reading', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '250', WS_SUBSCRIBE_BURST: '250', WS_SLOW_CLIENT_SECONDS: '1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const subscriptions = async () => {
    const metrics = await fetch(`${t.baseUrl}/metrics`).then((r) => r.text());
    return Number(/siranap_live_subscriptions\{feed="availability"\} (\d+)/.exec(metrics)?.[1] ?? 0);
  };

  it('is dropped, and its subscriptions ended, instead of buffering without bound', async () => {
    const port = new URL(t.baseUrl).port;
    // Node cannot shrink a socket's receive buffer; a few lines of Python can. The client reads
    // the first states and then nothing, since it is never told to go on.
    const client = spawn('python3', [
      resolve('test/support/slow-ws-client.py'),
      port,
      'subscription { availabilityChanged { wardId wardName bedClass bedClassLabel total available occupied reserved cleaning closed seq updatedAt } }',
      '{}',
      '250',
    ]);
    try {
      await eventually(async () => (await subscriptions()) === 250, '250 subscriptions');
      // Each change is one message per subscription: 100 changes outgrow the kernel's buffers.
      const admin = await t.adminToken();
      const beds = await t.gql<{ beds: { edges: { node: { id: string; version: number } }[] } }>(
        `{ beds(filter: { status: AVAILABLE }, first: 1) { edges { node { id version } } } }`,
        {},
        admin,
      );
      const bed = beds.data!.beds.edges[0].node;
      for (let i = 0; i < 100 && (await subscriptions()) > 0; i++) {
        const res = await t.gql<{ changeBedStatus: { version: number } }>(
          `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`,
          { i: { bedId: bed.id, expectedVersion: bed.version, status: i % 2 === 0 ? 'RESERVED' : 'AVAILABLE' } },
          admin,
        );
        bed.version = res.data!.changeBedStatus.version;
      }
      await eventually(async () => (await subscriptions()) === 0, 'the server to drop the stalled client', 15000);
    } finally {
      client.kill();
    }
  });
});
