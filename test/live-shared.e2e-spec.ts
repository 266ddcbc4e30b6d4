import { createClient, type Client } from 'graphql-ws';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { TestApp } from './support/test-app';
import { countsInDatabase, eventually, hasProgram, sleep, Watch, wsClient } from './support/live';

// Shared execution on the real service, through graphql-ws's own client: subscribers of one
// document and variables share one execution per change; filters, order and the protocol hold.

interface Counts {
  wardId: string;
  bedClass: string;
  available: number;
  reserved: number;
  seq: string;
}
const SUB = `subscription($w: ID, $c: BedClass) { availabilityChanged(wardId: $w, bedClass: $c) { wardId bedClass available reserved seq } }`;
/** The same feed with every field: frames large enough that a stalled socket's buffers fill in a few hundred changes. */
const WIDE_SUB = `subscription($w: ID, $c: BedClass) { availabilityChanged(wardId: $w, bedClass: $c) { wardId wardName bedClass bedClassLabel total available occupied reserved cleaning closed seq updatedAt } }`;
interface WideCounts extends Counts {
  total: number;
}
const CHANGES = 200;
/** Subscriptions of the slow client: the most one connection may hold by default. */
const SLOW_SUBSCRIPTIONS = 10;
const canStall = hasProgram('python3');
if (!canStall) process.stdout.write('[live-shared] slow-reader test skipped: no python3 (it drives a client with a tiny receive buffer)\n');

describe('live subscriptions share one execution per change', () => {
  let t: TestApp;
  let admin: string;
  let wards: Counts[];
  const clients: Client[] = [];
  const client = (token?: string) => {
    const c = wsClient(t.baseUrl, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await TestApp.start({ WS_MAX_CONNECTIONS_PER_IP: '50' });
    admin = await t.adminToken();
    const res = await t.gql<{ availability: Counts[] }>(`{ availability(hospitalCode: "RSUD-SKLERIK") { wardId bedClass available reserved seq } }`);
    // The most free beds first: the burst needs four in one ward and class.
    wards = res.data!.availability.filter((w) => w.available > 0).sort((x, y) => y.available - x.available);
    expect(wards.length).toBeGreaterThanOrEqual(5);
    expect(wards[0].available).toBeGreaterThanOrEqual(4);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  const metric = async (name: string) => {
    const text = await fetch(`${t.baseUrl}/metrics`).then((r) => r.text());
    return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  };
  const executions = () => metric('siranap_live_executions');
  const freeBeds = async (wardId: string, n: number) => {
    const res = await t.gql<{ beds: { edges: { node: { id: string; version: number } }[] } }>(
      `query($w: ID!, $n: Int) { beds(filter: { wardId: $w, status: AVAILABLE }, first: $n) { edges { node { id version } } } }`,
      { w: wardId, n },
      admin,
    );
    return res.data!.beds.edges.map((e) => e.node);
  };
  const setStatus = async (bed: { id: string; version: number }, status: string) => {
    const res = await t.gql<{ changeBedStatus: { version: number } }>(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, status, reason: 'uji' } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    bed.version = res.data!.changeBedStatus.version;
  };
  const vars = (w: Counts) => ({ w: w.wardId, c: w.bedClass });
  const seqs = (w: Watch<{ availabilityChanged: Counts }>) => w.data.map((d) => BigInt(d.availabilityChanged.seq));

  it('gives two subscribers of the same document with different variables only their own rows', async () => {
    const [a, b] = [wards[1], wards[2]];
    const watchA = new Watch<{ availabilityChanged: Counts }>(client(), SUB, vars(a));
    const watchB = new Watch<{ availabilityChanged: Counts }>(client(), SUB, vars(b));
    await watchA.until((w) => w.data.length === 1, 'the first state of A');
    await watchB.until((w) => w.data.length === 1, 'the first state of B');
    const [bedA] = await freeBeds(a.wardId, 1);
    await setStatus(bedA, 'RESERVED');
    await watchA.until((w) => w.data.length === 2, 'the change in A');
    const [bedB] = await freeBeds(b.wardId, 1);
    await setStatus(bedB, 'RESERVED');
    await watchB.until((w) => w.data.length === 2, 'the change in B');
    await sleep(200);
    expect(watchA.data.map((d) => d.availabilityChanged.wardId)).toEqual([a.wardId, a.wardId]);
    expect(watchB.data.map((d) => d.availabilityChanged.wardId)).toEqual([b.wardId, b.wardId]);
    expect(watchA.data[1].availabilityChanged).toMatchObject({ available: a.available - 1, reserved: a.reserved + 1 });
    await setStatus(bedA, 'AVAILABLE');
    await setStatus(bedB, 'AVAILABLE');
    await watchA.until((w) => w.data.length === 3, 'A back');
    await watchB.until((w) => w.data.length === 3, 'B back');
    watchA.close();
    watchB.close();
    await sleep(200);
  });

  it('executes the selection once per change for all subscribers of one document and variables', async () => {
    const ward = wards[3];
    const before = await executions();
    const watchers = Array.from({ length: 6 }, () => new Watch<{ availabilityChanged: Counts }>(client(), SUB, vars(ward)));
    await Promise.all(watchers.map((w) => w.until((x) => x.data.length === 1, 'the first state')));
    // The first state too: one execution, whoever subscribed first.
    expect((await executions()) - before).toBe(1);
    const [bed] = await freeBeds(ward.wardId, 1);
    for (const [i, status] of ['RESERVED', 'AVAILABLE', 'CLOSED'].entries()) {
      await setStatus(bed, status);
      await Promise.all(watchers.map((w) => w.until((x) => x.data.length === i + 2, `change ${i + 1}`)));
      expect((await executions()) - before).toBe(i + 2);
    }
    const frames = watchers.map((w) => JSON.stringify(w.data));
    expect(new Set(frames).size).toBe(1);
    await setStatus(bed, 'AVAILABLE');
    watchers.forEach((w) => w.close());
    await sleep(200);
  });

  it('keeps each subscriber in seq order through a burst, ending on the database counts', async () => {
    const ward = wards[0];
    const watchers = [0, 1, 2].map(() => new Watch<{ availabilityChanged: Counts }>(client(), SUB, vars(ward)));
    await Promise.all(watchers.map((w) => w.until((x) => x.data.length === 1, 'the first state')));
    const beds = await freeBeds(ward.wardId, 4);
    await Promise.all(
      beds.map(async (bed) => {
        for (let i = 0; i < 6; i++) await setStatus(bed, i % 2 === 0 ? 'RESERVED' : 'AVAILABLE');
      }),
    );
    const expected = await countsInDatabase(t.db, ward.wardId, ward.bedClass);
    for (const w of watchers) {
      await w.until((x) => x.data.at(-1)?.availabilityChanged.seq === expected.seq, `seq ${String(expected.seq)}`);
      const s = seqs(w);
      expect(s.every((v, i) => i === 0 || v > s[i - 1])).toBe(true);
      expect(w.data.at(-1)!.availabilityChanged.available).toBe(expected.available);
      w.close();
    }
  });

  (canStall ? it : it.skip)(
    'coalesces a subscriber that reads slowly to the latest counts, while another of the same document gets every change at once',
    async () => {
      const ward = wards[0];
      const [bed] = await freeBeds(ward.wardId, 1);
      const fast = new Watch<{ availabilityChanged: WideCounts }>(client(), WIDE_SUB, vars(ward));
      await fast.until((x) => x.data.length === 1, 'the first state of the fast subscriber');
      // A client with a 2 KiB receive buffer and small segments, subscribed SLOW_SUBSCRIPTIONS times:
      // it reads the first states, then nothing until told (its stall stays well inside the
      // server's keep-alive, which cuts a socket that leaves a ping unanswered for 12-24 s).
      const slow = spawn('python3', [
        resolve('test/support/slow-ws-client.py'),
        new URL(t.baseUrl).port,
        WIDE_SUB,
        JSON.stringify(vars(ward)),
        String(SLOW_SUBSCRIPTIONS),
      ]);
      const lines: string[] = [];
      let rest = '';
      let stderr = '';
      slow.stdout.on('data', (d: Buffer) => {
        const parts = (rest + d.toString()).split('\n');
        rest = parts.pop()!;
        lines.push(...parts);
      });
      slow.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const slowSays = (line: string, timeoutMs?: number) =>
        eventually(() => Promise.resolve(lines.includes(line)), `the slow client to say "${line}"`, timeoutMs).catch((err: Error) => {
          throw new Error(
            `${err.message}; it wrote: ${stderr || '(nothing on stderr)'}; ${lines.length} lines, the last: ${lines.slice(-3).join(' | ').slice(0, 600)}`,
          );
        });
      const nexts = () =>
        lines.filter((l) => l.startsWith('{"id"')).map((l) => JSON.parse(l) as { id: string; payload: { data: { availabilityChanged: WideCounts } } });
      try {
        await slowSays('stalled');
        expect(nexts()).toHaveLength(SLOW_SUBSCRIPTIONS);
        const before = await executions();
        for (let i = 0; i < CHANGES; i++) await setStatus(bed, i % 2 === 0 ? 'RESERVED' : 'AVAILABLE');
        const expected = await countsInDatabase(t.db, ward.wardId, ward.bedClass);
        // The fast subscriber is not held up: it reaches the last change while the slow one still reads nothing.
        await fast.until((x) => x.data.at(-1)?.availabilityChanged.seq === expected.seq, 'the fast subscriber to reach the last change');
        expect(nexts()).toHaveLength(SLOW_SUBSCRIPTIONS);
        // One execution per change for all eleven subscriptions: the slow reader's frames come from the same payloads.
        expect((await executions()) - before).toBeLessThanOrEqual(CHANGES);
        slow.stdin.write('go\n');
        await slowSays('done', 30000);
        const fastSeqs = fast.data.map((d) => BigInt(d.availabilityChanged.seq));
        expect(fastSeqs.every((v, i) => i === 0 || v > fastSeqs[i - 1])).toBe(true);
        const counts: number[] = [];
        for (let id = 0; id < SLOW_SUBSCRIPTIONS; id++) {
          const received = nexts()
            .filter((n) => n.id === String(id))
            .map((n) => n.payload.data.availabilityChanged);
          const seqs = received.map((r) => BigInt(r.seq));
          expect(seqs.every((v, i) => i === 0 || v > seqs[i - 1])).toBe(true);
          expect(received.at(-1)).toMatchObject({ seq: expected.seq, available: expected.available, reserved: expected.reserved });
          // What the socket could not take waited as one latest state, not as a frame per change.
          expect(received.length - 1).toBeLessThan(CHANGES / 2);
          counts.push(received.length - 1);
        }
        process.stdout.write(
          `[live-shared] ${CHANGES} changes: the fast subscriber got ${fast.data.length - 1} frames, each of the slow client's ${SLOW_SUBSCRIPTIONS} subscriptions ${Math.min(...counts)}-${Math.max(...counts)}\n`,
        );
      } finally {
        slow.kill();
        fast.close();
      }
    },
    60_000,
  );

  it('speaks graphql-transport-ws: pong for ping, complete stops the frames, errors for bad variables', async () => {
    const ward = wards[4];
    let pongs = 0;
    const c = createClient({
      url: `${t.baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      keepAlive: 100,
      on: { pong: () => pongs++ },
    });
    clients.push(c);
    const w = new Watch<{ availabilityChanged: Counts }>(c, SUB, vars(ward));
    await w.until((x) => x.data.length === 1, 'the first state');
    await eventually(() => Promise.resolve(pongs > 0), 'a pong');
    const subscriptions = await metric('siranap_live_subscriptions\\{feed="availability"\\}');
    w.close();
    await eventually(
      async () => (await metric('siranap_live_subscriptions\\{feed="availability"\\}')) === subscriptions - 1,
      'the completed subscription to end',
    );
    const [bed] = await freeBeds(ward.wardId, 1);
    await setStatus(bed, 'RESERVED');
    await sleep(300);
    expect(w.data).toHaveLength(1);
    await setStatus(bed, 'AVAILABLE');

    const bad = new Watch(c, SUB, { w: 'not-a-uuid' });
    await bad.until((x) => x.errorCode !== undefined, 'the refusal');
    expect(bad.errorCode).toBe('BAD_USER_INPUT');
    const unknown = new Watch(c, SUB, { w: '00000000-0000-4000-8000-000000000000' });
    await unknown.until((x) => x.errorCode !== undefined, 'the refusal');
    expect(unknown.errorCode).toBe('NOT_FOUND');
  });

  describe('the WebSocket server refuses what it does not serve', () => {
    /** How a raw socket ends: the HTTP status of a refused upgrade, or the close code after opening. */
    const outcome = (path: string, protocols: string[], send?: string) =>
      new Promise<{ status?: number; code?: number }>((resolve) => {
        const ws = new WebSocket(`${t.baseUrl.replace(/^http/, 'ws')}${path}`, protocols);
        ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
        ws.on('open', () => {
          if (send !== undefined) ws.send(send);
        });
        ws.on('close', (code) => resolve({ code }));
        ws.on('error', () => undefined);
      });

    it('a client that offers no subprotocol is closed with 4406', async () => {
      // (A client offering only the retired `graphql-ws` is answered with none, and its own library gives up.)
      expect(await outcome('/graphql', [])).toEqual({ code: 4406 });
    });

    it('an upgrade to a longer path than /graphql is refused with 400', async () => {
      expect(await outcome('/graphqlx', ['graphql-transport-ws'])).toEqual({ status: 400 });
    });

    it('a message that is not JSON, not an object or not a message of the protocol closes the socket with 4400', async () => {
      for (const text of ['{"type":"connection_init"', '42', 'null', '"connection_init"', '{"type":"subscribe","id":"1","payload":{"query":7}}']) {
        expect({ text, ...(await outcome('/graphql', ['graphql-transport-ws'], text)) }).toEqual({ text, code: 4400 });
      }
    });

    it('a message longer than 64 KiB closes the socket with 1009 before it is read', async () => {
      const huge = JSON.stringify({ type: 'connection_init', payload: { filler: 'x'.repeat(70 * 1024) } });
      expect(await outcome('/graphql', ['graphql-transport-ws'], huge)).toEqual({ code: 1009 });
    });
  });
});
