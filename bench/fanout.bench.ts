import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { rebuildAvailability } from '../src/beds/beds.repository';
import {
  cleanRedis,
  createDatabase,
  fmt,
  HttpClient,
  log,
  login,
  serviceEnv,
  sleep,
  startBareServer,
  startService,
  summarize,
  type BenchDatabase,
  type Summary,
} from './lib';
import { table, type BenchContext, type BenchReport } from './report';

const SUBSCRIPTION = `subscription($h: String, $w: ID, $c: BedClass) { availabilityChanged(hospitalCode: $h, wardId: $w, bedClass: $c) { hospitalCode wardId wardName bedClass total available occupied reserved cleaning closed updatedAt } }`;
const CHANGE = `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version status } }`;

type Reply =
  { type: 'ready'; firstMessage: string } | { type: 'armed' } | { type: 'arrivals'; us: number[] } | { type: 'closed' } | { type: 'error'; message: string };

/** The subscribers' process (fanout-clients.ts) and a way to wait for its next reply of a kind. */
class Subscribers {
  private readonly child: ChildProcess;
  private readonly waiters = new Map<string, (r: Reply) => void>();
  readonly errors: string[] = [];

  constructor() {
    this.child = fork(resolve(__dirname, 'fanout-clients.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (r: Reply) => {
      if (r.type === 'error') {
        if (this.errors.length < 5) log(`fan-out: subscriber error: ${r.message}`);
        this.errors.push(r.message);
        return;
      }
      this.waiters.get(r.type)?.(r);
    });
  }

  request<T extends Reply['type']>(msg: object | null, reply: T, timeoutMs: number): Promise<Extract<Reply, { type: T }>> {
    return new Promise((done, fail) => {
      const timer = setTimeout(() => {
        this.waiters.delete(reply);
        fail(new Error(`no ${reply} from the subscribers after ${timeoutMs} ms (${this.errors.length} errors: ${this.errors[0] ?? ''})`));
      }, timeoutMs);
      this.waiters.set(reply, (r) => {
        clearTimeout(timer);
        this.waiters.delete(reply);
        done(r as Extract<Reply, { type: T }>);
      });
      if (msg) this.child.send(msg);
    });
  }

  /** Waits for a reply that is sent without a request (the arrivals). */
  next<T extends Reply['type']>(reply: T, timeoutMs: number): Promise<Extract<Reply, { type: T }>> {
    return this.request(null, reply, timeoutMs);
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}

interface FanoutRun {
  mode: 'graphql-ws service' | 'bare ws';
  n: number;
  latency: Summary;
  /** Per round, the time to the last subscriber. */
  lastPerRound: number[];
  bytesPerSubscriber: number;
  connectSeconds: number;
}

async function fanout(
  mode: FanoutRun['mode'],
  n: number,
  rounds: number,
  wsUrl: string,
  rss: () => number,
  variables: Record<string, unknown>,
  trigger: () => Promise<void>,
): Promise<FanoutRun> {
  const subs = new Subscribers();
  try {
    const before = rss();
    const t = Date.now();
    await subs.request({ type: 'connect', url: wsUrl, n, mode: mode === 'bare ws' ? 'raw' : 'graphql', query: SUBSCRIPTION, variables }, 'ready', 300000);
    const connectSeconds = (Date.now() - t) / 1000;
    await sleep(500);
    const bytesPerSubscriber = (rss() - before) / n;
    const all: number[] = [];
    const lastPerRound: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await subs.request({ type: 'arm' }, 'armed', 10000);
      const arrivals = subs.next('arrivals', 120000);
      await trigger();
      const responded = Number(process.hrtime.bigint() / 1000n);
      const { us } = await arrivals;
      const ms = us.map((a) => (a - responded) / 1000);
      all.push(...ms);
      lastPerRound.push(Math.max(...ms));
      await sleep(300);
    }
    const latency = summarize(all);
    log(
      `fan-out: ${mode}, ${n} subscribers: p50 ${fmt(latency.p50)} ms p99 ${fmt(latency.p99)} ms max ${fmt(latency.max)} ms; ${fmt(bytesPerSubscriber / 1024)} KiB each; connected in ${fmt(connectSeconds)} s`,
    );
    await subs.request({ type: 'close' }, 'closed', 60000);
    return { mode, n, latency, lastPerRound, bytesPerSubscriber, connectSeconds };
  } finally {
    await subs.stop();
  }
}

export async function fanoutBench(ctx: BenchContext): Promise<BenchReport> {
  // The quick run stays under its three minutes: 10,000 WebSockets take a minute or more to connect.
  const sizes = ctx.quick ? [1000] : [1000, 10000];
  const rounds = ctx.quick ? 2 : 10;
  const tag = `${ctx.runTag}-fanout`;
  let db: BenchDatabase | undefined;
  let pool: Pool | undefined;
  const stops: (() => Promise<void>)[] = [];
  try {
    db = await createDatabase(ctx.serverUrl, 'fanout');
    log('fan-out: starting the service');
    const service = await startService(serviceEnv(db.url, ctx.redisUrl, tag, { LOG_LEVEL: 'error', WS_SLOW_CLIENT_SECONDS: '120' }), 'fan-out');
    stops.push(service.stop);
    const http = new HttpClient(service.url, 4);
    stops.push(async () => http.close());
    const token = await login(http);
    pool = new Pool({ connectionString: db.url, max: 2 });
    // One bed without a patient, made AVAILABLE; everyone watches its ward and class.
    const [picked] = (
      await pool.query<{ id: string; ward_id: string; bed_class: string; version: number }>(
        `UPDATE beds SET status = 'AVAILABLE', version = version + 1
          WHERE id = (SELECT id FROM beds WHERE current_admission_id IS NULL ORDER BY code LIMIT 1)
          RETURNING id, ward_id, bed_class, version`,
      )
    ).rows;
    await rebuildAvailability({ query: async <T>(sql: string, params?: unknown[]) => (await pool!.query(sql, params)).rows as T });
    const bed = { id: picked.id, version: picked.version, status: 'AVAILABLE' };
    const variables = { h: 'RSUD-SKLERIK', w: picked.ward_id, c: picked.bed_class };
    const change = async () => {
      const to = bed.status === 'AVAILABLE' ? 'CLOSED' : 'AVAILABLE';
      const d = await http.gql<{ changeBedStatus: { version: number; status: string } }>(
        CHANGE,
        { i: { bedId: bed.id, expectedVersion: bed.version, status: to, reason: 'bench' } },
        token,
      );
      bed.version = d.changeBedStatus.version;
      bed.status = d.changeBedStatus.status;
    };
    const wsUrl = `${service.url.replace('http', 'ws')}/graphql`;
    // The payload the bare server sends: the service's own message for this subscription.
    const probe = new Subscribers();
    const { firstMessage } = await probe.request({ type: 'connect', url: wsUrl, n: 1, mode: 'graphql', query: SUBSCRIPTION, variables }, 'ready', 30000);
    await probe.request({ type: 'close' }, 'closed', 10000);
    await probe.stop();
    // A new bare server per run, so its memory growth is its own clients' only.
    const bareRun = async (n: number): Promise<FanoutRun> => {
      const bare = await startBareServer('ws', firstMessage);
      const bareHttp = new HttpClient(bare.url, 1);
      try {
        const broadcast = async () => {
          await bareHttp.post('/broadcast', '{}');
        };
        return await fanout('bare ws', n, rounds, `${bare.url.replace('http', 'ws')}/graphql`, bare.rss, variables, broadcast);
      } finally {
        bareHttp.close();
        await bare.stop();
      }
    };

    const runs: FanoutRun[] = [];
    for (const n of sizes) {
      runs.push(await bareRun(n));
      runs.push(await fanout('graphql-ws service', n, rounds, wsUrl, service.rss, variables, change));
      if (!ctx.quick) runs.push(await bareRun(n));
    }
    const rows: (string | number)[][] = [];
    const ratios = new Map<number, number>();
    const baseP99s = new Map<number, number>();
    for (const n of sizes) {
      const base = runs.filter((r) => r.n === n && r.mode === 'bare ws');
      const subject = runs.find((r) => r.n === n && r.mode === 'graphql-ws service')!;
      const baseP99 = base.reduce((s, r) => s + r.latency.p99, 0) / base.length;
      ratios.set(n, subject.latency.p99 / baseP99);
      baseP99s.set(n, baseP99);
      for (const r of [...base, subject]) {
        rows.push([
          n,
          r.mode,
          fmt(r.latency.p50, 1),
          fmt(r.latency.p99, 1),
          fmt(r.latency.max, 1),
          fmt(summarize(r.lastPerRound).p50, 1),
          fmt(r.bytesPerSubscriber / 1024, 1),
          fmt(r.connectSeconds, 1),
          r === subject ? `**${fmt(ratios.get(n)!, 2)}**` : '',
        ]);
      }
    }
    const largest = sizes[sizes.length - 1];
    const ratioLargest = ratios.get(largest)!;
    const markdown = [
      `N subscribers of \`availabilityChanged(hospitalCode, wardId, bedClass)\` for one ward and class, run from a separate process ` +
        `(\`bench/fanout-clients.ts\`: the graphql-transport-ws protocol by hand on \`ws\`, so both sides cost the clients the same), all on 127.0.0.1. ` +
        `One round: \`changeBedStatus\` on a bed of that ward and class; the time runs from the mutation's response to each subscriber's message ` +
        `(it can be negative: the relay may publish before the HTTP response is read). ${rounds} rounds per row; p50/p99/max over all subscribers of all rounds. ` +
        `Baseline: a bare \`ws\` server (own process) that answers POST /broadcast, then sends the same payload (the service's message) to the same number of clients` +
        `${ctx.quick ? '' : '; measured before and after the service'}. Memory: growth of the server process's RSS from before connecting to after all subscribed, per subscriber (a new bare server per run; the service's 10,000 run starts from what the 1,000 run left). ` +
        `Service: Redis pub/sub, outbox relay, \`WS_MAX_CONNECTIONS_PER_IP\` raised for the run.`,
      '',
      table(
        [
          'subscribers',
          'server',
          'p50 ms',
          'p99 ms',
          'max ms',
          'last subscriber, median round ms',
          'KiB per subscriber',
          'connect s',
          'p99 ratio service/bare',
        ],
        rows,
      ),
    ].join('\n');
    return {
      title: 'Subscription fan-out',
      markdown,
      goals: [
        {
          goal: 'Fan-out to 10,000 subscribers: p99 ≤ 2× the bare ws broadcast',
          met: largest === 10000 ? ratioLargest <= 2 : null,
          detail: `${largest === 10000 ? `p99 ${fmt(ratioLargest, 2)}× the bare broadcast; ` : 'not in the quick run; '}1,000 subscribers: ${fmt(ratios.get(1000)!, 2)}×`,
          limits:
            'graphql-ws executes the subscription selection set and JSON-encodes the result once per subscriber (10,000 executions per change on the one service thread), where the bare server writes one prebuilt string to every socket; ' +
            'encoding once per change and selection and writing the same frame to all sockets is a change inside src/availability and around graphql-ws',
        },
      ],
      summary: `fan-out to ${largest}: p99 ${fmt(runs.find((r) => r.n === largest && r.mode === 'graphql-ws service')!.latency.p99)} ms vs bare ws ${fmt(baseP99s.get(largest)!)} ms (ratio ${fmt(ratioLargest, 2)})`,
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
    await pool?.end();
    await db?.drop();
    await cleanRedis(ctx.redisUrl, tag);
  }
}
