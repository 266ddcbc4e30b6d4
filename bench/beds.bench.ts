import { Pool, type PoolClient } from 'pg';
import { AVAILABILITY_BUCKET } from '../src/beds/bed-status';
import { AVAILABILITY_CHANGED, BED_CHANGED, toBedChange } from '../src/beds/beds.topics';
import { BedsRepository, rebuildAvailability } from '../src/beds/beds.repository';
import { OutboxRepository } from '../src/outbox/outbox.repository';
import { outboxEntry } from '../src/outbox/topic';
import {
  createDatabase,
  migrateAndSeed,
  fmt,
  HttpClient,
  log,
  login,
  cpuMeter,
  cpuOfProcessesNamed,
  ownCpu,
  runLoad,
  serviceEnv,
  startService,
  cleanRedis,
  type BenchDatabase,
  type LoadResult,
} from './lib';
import { table, type BenchContext, type BenchReport } from './report';

const LEVELS = [1, 8, 32];
/** The service's TypeORM pool (src/database/data-source.ts); the baseline gets the same. */
const POOL_MAX = 20;
const CHANGE = `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version status } }`;

interface BenchBed {
  id: string;
  version: number;
  status: 'AVAILABLE' | 'CLOSED';
}

/** The beds the clients change, one per client: free of patients, made AVAILABLE, picked by code so both databases agree. */
async function prepareBeds(pool: Pool, count: number): Promise<BenchBed[]> {
  const rows = (
    await pool.query<{ id: string }>(
      `UPDATE beds SET status = 'AVAILABLE', version = version + 1
        WHERE id IN (SELECT id FROM beds WHERE current_admission_id IS NULL ORDER BY code LIMIT $1)
        RETURNING id`,
      [count],
    )
  ).rows;
  if (rows.length < count) throw new Error(`only ${rows.length} beds without a patient; need ${count}`);
  await rebuildAvailability({ query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T });
  const beds = await pool.query<BenchBed>(`SELECT id, version, status FROM beds WHERE id = ANY($1::uuid[]) ORDER BY code`, [rows.map((r) => r.id)]);
  return beds.rows;
}

const flip = (s: BenchBed['status']): BenchBed['status'] => (s === 'AVAILABLE' ? 'CLOSED' : 'AVAILABLE');

// The service's own repositories, for their SQL: the statements built here are the ones
// BedsService.changeStatus sends. Their write methods and builders use only the connection they
// are given, never the DataSource a Nest module would inject.
const bedsSql = new BedsRepository(undefined as never);
const outboxSql = new OutboxRepository(undefined as never);

/**
 * The database work of one changeBedStatus, sent by a bare client: the same four messages the
 * service sends (test/medium/statement-count checks that count there): begin; lock the bed;
 * update it with its history event; move its (ward, class) counter, read the row's derived
 * counts into its availability event and write both events to the outbox, with the commit.
 */
async function directChange(c: PoolClient, bed: BenchBed, actorId: string): Promise<void> {
  const to = flip(bed.status);
  const q = { query: async <T>(sql: string, params?: unknown[]) => (await c.query(sql, params)).rows as T };
  await c.query('START TRANSACTION');
  try {
    const [locked] = await bedsSql.lockBedsInIdOrder(q, [bed.id]);
    if (locked.version !== bed.version) throw new Error('version moved');
    const changed = await bedsSql.changeBedWithEvent(q, {
      bedId: bed.id,
      from: locked.status,
      to,
      currentAdmissionId: null,
      actorId,
      reason: 'bench',
      admissionId: null,
      reservation: null,
    });
    const key = { wardId: locked.ward_id, bedClass: locked.bed_class };
    const closing = outboxSql.insertAfterStatements(
      bedsSql.counterStatements([{ key, moves: [{ from: AVAILABILITY_BUCKET[locked.status], to: AVAILABILITY_BUCKET[to] }] }]),
      bedsSql.availabilityEventsQuery(AVAILABILITY_CHANGED.name, [key]),
      [outboxEntry(BED_CHANGED, toBedChange(changed, locked.status))],
    );
    await c.query([...closing, 'COMMIT'].join(';\n'));
    bed.version = changed.version;
    bed.status = to;
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  }
}

/** CPU seconds, per process group, over one run. */
interface CpuSpent {
  service: number;
  postgres: number;
  /** This process: the bare client of the baseline, or the HTTP load generator. */
  client: number;
}

interface MeasuredRun extends LoadResult {
  cpu: CpuSpent;
}

async function measured(service: { cpu(): number }, run: () => Promise<LoadResult>): Promise<MeasuredRun> {
  const meter = cpuMeter({ service: () => service.cpu(), postgres: () => cpuOfProcessesNamed('postgres'), client: ownCpu });
  const result = await run();
  return { ...result, cpu: meter.spent() };
}

export async function bedsBench(ctx: BenchContext): Promise<BenchReport> {
  const seconds = ctx.quick ? 2 : 8;
  const rounds = ctx.quick ? 1 : 2;
  const tag = `${ctx.runTag}-beds`;
  const dbs: BenchDatabase[] = [];
  const pools: Pool[] = [];
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  let http: HttpClient | undefined;
  try {
    const subjectDb = await createDatabase(ctx.serverUrl, 'beds_http');
    const baselineDb = await createDatabase(ctx.serverUrl, 'beds_sql');
    dbs.push(subjectDb, baselineDb);
    // The baseline database gets the same migrations and seed and no service (no relay), so only
    // the bed change's own SQL is timed there.
    log('beds: migrating and seeding the baseline database');
    await migrateAndSeed(baselineDb.url);
    log('beds: starting the service');
    service = await startService(serviceEnv(subjectDb.url, ctx.redisUrl, tag, { LOG_LEVEL: 'error' }), 'beds');
    http = new HttpClient(service.url, 64);
    const token = await login(http);
    const max = Math.max(...LEVELS);
    const subjectPool = new Pool({ connectionString: subjectDb.url, max: 2 });
    const baselinePool = new Pool({ connectionString: baselineDb.url, max: POOL_MAX });
    pools.push(subjectPool, baselinePool);
    const subjectBeds = await prepareBeds(subjectPool, max);
    const baselineBeds = await prepareBeds(baselinePool, max);
    const actorId = (
      await baselinePool.query<{ id: string }>(`INSERT INTO users (username, password_hash, roles) VALUES ('bench', 'none', '{ADMIN}') RETURNING id`)
    ).rows[0].id;

    const viaHttp = (worker: number) => {
      const bed = subjectBeds[worker];
      const to = flip(bed.status);
      return http!
        .gql<{ changeBedStatus: { version: number; status: BenchBed['status'] } }>(
          CHANGE,
          { i: { bedId: bed.id, expectedVersion: bed.version, status: to, reason: 'bench' } },
          token,
        )
        .then((d) => {
          bed.version = d.changeBedStatus.version;
          bed.status = d.changeBedStatus.status;
        });
    };
    const direct = async (worker: number) => {
      const c = await baselinePool.connect();
      try {
        await directChange(c, baselineBeds[worker], actorId);
      } finally {
        c.release();
      }
    };
    // Warm-up: connections, JIT, plan caches.
    await runLoad(8, 1000, viaHttp);
    await runLoad(8, 1000, direct);

    const results = new Map<number, { http: MeasuredRun[]; sql: MeasuredRun[] }>();
    for (const n of LEVELS) {
      const r = { http: [] as MeasuredRun[], sql: [] as MeasuredRun[] };
      results.set(n, r);
      for (let i = 0; i < rounds; i++) {
        const sql = await measured(service, () => runLoad(n, seconds * 1000, direct));
        log(`beds: ${n} clients, direct SQL: ${fmt(sql.perSecond)}/s p50 ${fmt(sql.latency.p50)} ms p99 ${fmt(sql.latency.p99)} ms (${sql.errors} errors)`);
        const viaGql = await measured(service, () => runLoad(n, seconds * 1000, viaHttp));
        log(
          `beds: ${n} clients, GraphQL over HTTP: ${fmt(viaGql.perSecond)}/s p50 ${fmt(viaGql.latency.p50)} ms p99 ${fmt(viaGql.latency.p99)} ms (${viaGql.errors} errors${viaGql.firstError ? `: ${viaGql.firstError}` : ''})`,
        );
        r.sql.push(sql);
        r.http.push(viaGql);
      }
    }
    // Every change went through: the counters still equal a recount of the beds.
    const drift = await subjectPool.query(
      `SELECT 1 FROM ward_availability wa JOIN (SELECT ward_id, bed_class, count(*) FILTER (WHERE status = 'AVAILABLE')::int AS available FROM beds GROUP BY 1, 2) b
         USING (ward_id, bed_class) WHERE wa.available <> b.available`,
    );
    const mean = (xs: LoadResult[], f: (r: LoadResult) => number) => xs.reduce((s, r) => s + f(r), 0) / xs.length;
    const rows = LEVELS.map((n) => {
      const r = results.get(n)!;
      const h = mean(r.http, (x) => x.perSecond);
      const s = mean(r.sql, (x) => x.perSecond);
      return [
        n,
        fmt(h),
        fmt(
          mean(r.http, (x) => x.latency.p50),
          2,
        ),
        fmt(
          mean(r.http, (x) => x.latency.p99),
          2,
        ),
        fmt(s),
        fmt(
          mean(r.sql, (x) => x.latency.p50),
          2,
        ),
        fmt(
          mean(r.sql, (x) => x.latency.p99),
          2,
        ),
        `**${fmt(h / s, 2)}**`,
        r.http.reduce((a, x) => a + x.errors, 0),
      ];
    });
    // CPU milliseconds per change, summed over the rounds of a level.
    const perChange = (runs: MeasuredRun[], f: (c: CpuSpent) => number) =>
      (1000 * runs.reduce((a, x) => a + f(x.cpu), 0)) / runs.reduce((a, x) => a + x.ops, 0);
    const total = (c: CpuSpent) => c.service + c.postgres + c.client;
    const cpuAt = (n: number) => {
      const r = results.get(n)!;
      return {
        httpService: perChange(r.http, (c) => c.service),
        httpPostgres: perChange(r.http, (c) => c.postgres),
        loadGenerator: perChange(r.http, (c) => c.client),
        httpTotal: perChange(r.http, total),
        sqlPostgres: perChange(r.sql, (c) => c.postgres),
        bareClient: perChange(r.sql, (c) => c.client),
        sqlTotal: perChange(r.sql, total),
      };
    };
    const cpuRows = LEVELS.map((n) => [n, ...Object.values(cpuAt(n)).map((ms) => fmt(ms, 2))]);
    const at32 = results.get(32)!;
    const coresBusy = (runs: MeasuredRun[]) => runs.reduce((a, x) => a + total(x.cpu), 0) / runs.reduce((a, x) => a + x.seconds, 0);
    const ms32 = Object.fromEntries(Object.entries(cpuAt(32)).map(([part, ms]) => [part, fmt(ms, 2)])) as Record<keyof ReturnType<typeof cpuAt>, string>;
    const ratio32 = mean(at32.http, (x) => x.perSecond) / mean(at32.sql, (x) => x.perSecond);
    const markdown = [
      `Each client owns one bed and flips it AVAILABLE ↔ CLOSED (a counter move and two outbox rows every time) ` +
        `for ${seconds} s per level, ${rounds} round(s), baseline and service interleaved (SQL, HTTP, SQL, HTTP…). ` +
        `Service: \`changeBedStatus\` over HTTP (keep-alive, one socket per client, admin token), Redis pub/sub, its pool of ${POOL_MAX}. ` +
        `Baseline: the service's own statements, built by its repositories and sent by a bare \`pg\` client (pool of ${POOL_MAX}) in the same four messages ` +
        `(begin; lock the bed; the bed with its history event; the counter move, the availability event with its derived counts and both outbox rows, with the commit), ` +
        `on a twin database with no service running. ` +
        `Counters after the run ${drift.rowCount === 0 ? 'equal a recount of the beds' : `DIFFER from a recount in ${drift.rowCount} rows`}.`,
      '',
      table(['clients', 'HTTP changes/s', 'HTTP p50 ms', 'HTTP p99 ms', 'SQL changes/s', 'SQL p50 ms', 'SQL p99 ms', 'ratio HTTP/SQL', 'HTTP errors'], rows),
      '',
      'CPU per change, in milliseconds, from /proc over the same runs: the service process (all its threads), every PostgreSQL process, and this ' +
        'process (the HTTP load generator, or the bare client of the baseline). All share the two cores, so a level whose total per change ' +
        'times its changes per second nears 2,000 ms per second is bound by the machine.',
      '',
      table(
        ['clients', 'HTTP: service', 'HTTP: PostgreSQL', 'HTTP: load generator', 'HTTP: total', 'SQL: PostgreSQL', 'SQL: bare client', 'SQL: total'],
        cpuRows,
      ),
    ].join('\n');
    return {
      title: 'Bed changes',
      markdown,
      goals: [
        {
          goal: 'Bed changes: ≥ 0.7 of the direct-SQL throughput at 32 clients',
          met: ratio32 >= 0.7,
          detail: `${fmt(ratio32, 2)} of the baseline (${ratio32 >= 0.7 ? '+' : ''}${fmt((ratio32 - 0.7) * 100, 0)} points against 0.7)`,
          limits:
            `the three processes (service, PostgreSQL, load) share two cores; at 32 clients they kept ${fmt(coresBusy(at32.http), 2)} of them busy over HTTP and ` +
            `${fmt(coresBusy(at32.sql), 2)} for the baseline (the second table), and while both keep the cores busy the ratio follows CPU per change. ` +
            `Per change, PostgreSQL spent ${ms32.httpPostgres} ms over HTTP and ${ms32.sqlPostgres} ms for the baseline ` +
            '(perf on the server shows mostly parsing and planning, of the message that commits above all: the counter move and the availability event with its derived counts, ' +
            `SQL text without parameters so that it can travel with COMMIT); the service ${ms32.httpService} ms of its own (HTTP, Apollo, the token, validation, ` +
            `the TypeORM query runner, the relay publishing and deleting the two events, the live feed), its load generator ${ms32.loadGenerator} ms, ` +
            `and the bare client ${ms32.bareClient} ms. ` +
            'A plan PostgreSQL keeps per connection for the availability event would cut its share on both sides; more api replicas add threads, on a machine with more cores than this one',
        },
      ],
      summary: `bed changes at 32 clients: ${fmt(mean(at32.http, (x) => x.perSecond))}/s over HTTP vs ${fmt(mean(at32.sql, (x) => x.perSecond))}/s direct SQL = ${fmt(ratio32, 2)}`,
    };
  } finally {
    http?.close();
    await service?.stop();
    for (const p of pools) await p.end();
    for (const d of dbs) await d.drop();
    await cleanRedis(ctx.redisUrl, tag);
  }
}
