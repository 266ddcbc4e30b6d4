import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Environment } from '../src/config/environment';
import { ClaimCommandsService } from '../src/ledger/claim-commands.service';
import { fiscalYearOf } from '../src/ledger/fiscal-calendar';
import { openFund, SEED_FUND } from '../src/ledger/fund-opening';
import { HOLD_BATCH } from '../src/ledger/ledger.jobs';
import type { Queryable } from '../src/ledger/queryable';
import {
  cleanRedis,
  cpuMeter,
  cpuOfProcessesNamed,
  createDatabase,
  fmt,
  HttpClient,
  log,
  login,
  nowMs,
  ownCpu,
  serviceEnv,
  sleep,
  startInProcess,
  startService,
  userToken,
} from './lib';
import type { BootedApp } from '../test/support/boot';
import { table, type BenchContext, type BenchReport } from './report';

const SUBMIT = `mutation($i: SubmitClaimInput!) { submitClaim(input: $i) { id status } }`;
const VERIFY_LEDGER = `query($f: ID!) { verifyLedger(fundId: $f) { valid entriesChecked } }`;
const SUBMITTERS = 8;
/** The fund of the current fiscal year (the claims of the run go there). */
const CEILING = 3_000_000_000n;
/** The queue runs' workers and hold gathering, as the service sets them by default. */
const DEFAULTS = new Environment();
/**
 * Callers of the direct posting per worker process of the queue run it is compared with (4 and 8
 * at once): the fund's lock bounds the direct posting, so more callers do not make it faster.
 */
const DIRECT_CALLERS_PER_WORKER = 4;

interface Invariants {
  ok: boolean;
  detail: string;
}

/** The ledger's invariants after a run, read from the database and the service's own chain check. */
async function checkInvariants(url: string, fundId: string, http: HttpClient, auditor: string, claims: number): Promise<Invariants> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const q = async <T>(sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows as T[];
    const [counts] = await q<{ held: number; rejected: number; requested: number; held_total: string }>(
      `SELECT count(*) FILTER (WHERE status = 'HELD')::int AS held, count(*) FILTER (WHERE status = 'REJECTED')::int AS rejected,
              count(*) FILTER (WHERE status = 'REQUESTED')::int AS requested, coalesce(sum(held_amount), 0)::text AS held_total
         FROM claims WHERE fund_id = $1`,
      [fundId],
    );
    const [{ entries }] = await q<{ entries: number }>(`SELECT count(*)::int AS entries FROM journal_entries WHERE fund_id = $1`, [fundId]);
    const [sums] = await q<{ debit: string; credit: string }>(
      `SELECT coalesce(sum(l.debit), 0)::text AS debit, coalesce(sum(l.credit), 0)::text AS credit FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.fund_id = $1`,
      [fundId],
    );
    const unbalanced = await q(
      `SELECT e.id FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id WHERE e.fund_id = $1 GROUP BY e.id HAVING sum(l.debit) <> sum(l.credit)`,
      [fundId],
    );
    const dupes = await q(`SELECT claim_id FROM journal_entries WHERE claim_id IS NOT NULL GROUP BY claim_id, kind HAVING count(*) > 1`);
    const [fund] = await q<{ available: string; held: string; paid: string; ceiling: string }>(
      `SELECT available::text, held::text, paid::text, ceiling::text FROM funds WHERE id = $1`,
      [fundId],
    );
    const chain = await http.gql<{ verifyLedger: { valid: boolean; entriesChecked: number } }>(VERIFY_LEDGER, { f: fundId }, auditor);
    const held = BigInt(fund.held);
    const failures = [
      counts.held + counts.rejected === claims ? null : `${counts.held + counts.rejected} of ${claims} claims settled (${counts.requested} REQUESTED)`,
      entries === 1 + counts.held ? null : `${entries} journal entries for ${counts.held} holds (expected 1 + holds)`,
      sums.debit === sums.credit ? null : `debits ${sums.debit} <> credits ${sums.credit}`,
      unbalanced.length === 0 ? null : `${unbalanced.length} unbalanced entries`,
      dupes.length === 0 ? null : `${dupes.length} claims posted twice`,
      fund.held === counts.held_total ? null : `fund held ${fund.held} <> claims' held ${counts.held_total}`,
      held + BigInt(fund.paid) <= BigInt(fund.ceiling) ? null : `held + paid ${held + BigInt(fund.paid)} over the ceiling ${fund.ceiling}`,
      BigInt(fund.available) === BigInt(fund.ceiling) - held - BigInt(fund.paid) ? null : `available ${fund.available} <> ceiling - held - paid`,
      chain.verifyLedger.valid && chain.verifyLedger.entriesChecked === entries ? null : `verifyLedger: ${JSON.stringify(chain.verifyLedger)}`,
    ].filter((f): f is string => f !== null);
    return {
      ok: failures.length === 0,
      detail: failures.length
        ? failures.join('; ')
        : `${counts.held} held, ${counts.rejected} rejected (INSUFFICIENT_FUNDS), Rp${fund.held} held ≤ Rp${fund.ceiling}, ${entries} entries balanced, chain valid`,
    };
  } finally {
    await c.end();
  }
}

let claimNo = 0;
function claimInput(fundId: string, amount: bigint): Record<string, unknown> {
  claimNo += 1;
  return {
    idempotencyKey: `bench-${randomBytes(6).toString('hex')}-${claimNo}`,
    fundId,
    medicalRecordNumber: `BENCH-${claimNo}`,
    patientName: 'Pasien Uji',
    nik: null,
    payerStatus: 'NO_BPJS',
    emergency: true,
    amount: amount.toString(),
  };
}

/** Submits `n` claims with SUBMITTERS callers at once; returns their ids. */
async function submitAll(http: HttpClient, token: string, fundId: string, n: number, amount: bigint): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: SUBMITTERS }, async () => {
      while (next < n) {
        next += 1;
        const input = claimInput(fundId, amount);
        // PostgreSQL is shared with other work here: a refused connection is retried with the
        // same idempotency key, as a client would.
        for (let attempt = 1; ; attempt++) {
          try {
            ids.push((await http.gql<{ submitClaim: { id: string } }>(SUBMIT, { i: input }, token)).submitClaim.id);
            break;
          } catch (err) {
            if (attempt >= 5 || !/too many clients/.test((err as Error).message)) throw err;
            await sleep(200 * attempt);
          }
        }
      }
    }),
  );
  return ids;
}

async function waitSettled(url: string, fundId: string, timeoutMs: number): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const until = nowMs() + timeoutMs;
    for (;;) {
      const r = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM claims WHERE fund_id = $1 AND status = 'REQUESTED'`, [fundId]);
      if (r.rows[0].n === 0) return;
      if (nowMs() > until) throw new Error(`${r.rows[0].n} claims still REQUESTED after ${timeoutMs} ms`);
      await sleep(20);
    }
  } finally {
    await c.end();
  }
}

async function fundOf(url: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    // Claims go to the fund of the current fiscal year (WITA): open it when the seed has not.
    const year = fiscalYearOf(new Date());
    const found = (await c.query<{ id: string }>(`SELECT id FROM funds WHERE fiscal_year = $1`, [year])).rows[0];
    if (found) return found.id;
    await c.query('BEGIN');
    const id = await openFund(
      { query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows } as Queryable,
      { name: `Dana ${year}`, fiscalYear: year, ceiling: SEED_FUND.ceiling },
      null,
    );
    await c.query('COMMIT');
    return id;
  } finally {
    await c.end();
  }
}

/** CPU seconds each part spent during a timed run. */
interface CpuSpent {
  /** The service process: ROLE=all (api and the first worker) in queue runs, this process in the baseline. */
  service: number;
  /** The ROLE=worker processes. */
  workers: number;
  postgres: number;
  redis: number;
  /** This process, apart from the service: the HTTP submitters and the polling (queue runs only). */
  bench: number;
}

interface LedgerRun {
  label: string;
  workers: number;
  perSecond: number;
  submitPerSecond: number;
  seconds: number;
  invariants: Invariants;
  cpu: CpuSpent;
}

/**
 * The queue path: the service (ROLE=all: api and one worker) takes the submissions; with two
 * workers, a ROLE=worker process joins it.
 */
async function queued(ctx: BenchContext, backend: 'redis' | 'postgres', workers: number, n: number, amount: bigint, tag: string): Promise<LedgerRun> {
  const db = await createDatabase(ctx.serverUrl, `ledger_${backend}_${workers}`);
  const redisUrl = backend === 'redis' ? ctx.redisUrl : undefined;
  const stops: (() => Promise<void>)[] = [];
  try {
    const env = serviceEnv(db.url, redisUrl, tag, { LOG_LEVEL: 'error' });
    const api = await startService({ ...env, ROLE: 'all' }, `ledger ${backend} service`);
    stops.push(api.stop);
    const extraWorkers: { cpu(): number }[] = [];
    for (let i = 1; i < workers; i++) {
      const worker = await startService({ ...env, ROLE: 'worker' }, `ledger ${backend} worker ${i + 1}`);
      stops.push(worker.stop);
      extraWorkers.push(worker);
    }
    const http = new HttpClient(api.url, 64);
    stops.push(async () => http.close());
    const admin = await login(http);
    const [clerk, auditor] = [await userToken(http, admin, ['ADMISSIONS']), await userToken(http, admin, ['AUDITOR'])];
    const fundId = await fundOf(db.url);
    const meter = cpuMeter<keyof CpuSpent>({
      service: () => api.cpu(),
      workers: () => extraWorkers.reduce((a, w) => a + w.cpu(), 0),
      postgres: () => cpuOfProcessesNamed('postgres'),
      redis: () => cpuOfProcessesNamed('redis-server'),
      bench: ownCpu,
    });
    const t = nowMs();
    await submitAll(http, clerk, fundId, n, amount);
    const submitted = nowMs();
    await waitSettled(db.url, fundId, 300000);
    const seconds = (nowMs() - t) / 1000;
    const cpu = meter.spent();
    const invariants = await checkInvariants(db.url, fundId, http, auditor, n);
    const run = {
      label: `${backend} queue, ${workers} worker${workers > 1 ? 's' : ''}`,
      workers,
      perSecond: n / seconds,
      submitPerSecond: n / ((submitted - t) / 1000),
      seconds,
      invariants,
      cpu,
    };
    log(
      `ledger: ${run.label}: ${n} claims submit→settled in ${fmt(seconds, 2)} s = ${fmt(run.perSecond)}/s (submissions alone ${fmt(run.submitPerSecond)}/s); invariants ${invariants.ok ? 'hold' : `BROKEN: ${invariants.detail}`}`,
    );
    return run;
  } finally {
    for (const stop of stops.reverse()) await stop();
    await db.drop();
    await cleanRedis(redisUrl, tag);
  }
}

/**
 * The baseline: the service in this process (ROLE api, so no worker takes the jobs), claims
 * submitted untimed, then ClaimCommandsService.placeHold — one claim's posting transaction — called
 * directly by DIRECT_CALLERS_PER_WORKER callers per worker process of the queue run.
 */
async function direct(ctx: BenchContext, workers: number, n: number, amount: bigint, tag: string): Promise<LedgerRun> {
  const db = await createDatabase(ctx.serverUrl, `ledger_direct_${workers}`);
  let booted: BootedApp | undefined;
  let http: HttpClient | undefined;
  try {
    booted = await startInProcess(db.url, { ...serviceEnv(db.url, ctx.redisUrl, tag, { LOG_LEVEL: 'error' }), ROLE: 'api' });
    const app = booted.app;
    http = new HttpClient(booted.baseUrl, 64);
    const admin = await login(http);
    const [clerk, auditor] = [await userToken(http, admin, ['ADMISSIONS']), await userToken(http, admin, ['AUDITOR'])];
    const fundId = await fundOf(db.url);
    const ts = nowMs();
    const ids = await submitAll(http, clerk, fundId, n, amount);
    const submitPerSecond = n / ((nowMs() - ts) / 1000);
    const ledger = app.get(ClaimCommandsService);
    const concurrency = workers * DIRECT_CALLERS_PER_WORKER;
    let next = 0;
    // The service posts in this process: its CPU is this process's, with no submitters besides.
    const meter = cpuMeter<keyof CpuSpent>({
      service: ownCpu,
      workers: () => 0,
      postgres: () => cpuOfProcessesNamed('postgres'),
      redis: () => cpuOfProcessesNamed('redis-server'),
      bench: () => 0,
    });
    const t = nowMs();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < ids.length) await ledger.placeHold(ids[next++]);
      }),
    );
    const seconds = (nowMs() - t) / 1000;
    const cpu = meter.spent();
    const invariants = await checkInvariants(db.url, fundId, http, auditor, n);
    const run = { label: `direct placeHold, ${concurrency} at once`, workers, perSecond: n / seconds, submitPerSecond, seconds, invariants, cpu };
    log(
      `ledger: ${run.label}: ${n} holds in ${fmt(seconds, 2)} s = ${fmt(run.perSecond)}/s; invariants ${invariants.ok ? 'hold' : `BROKEN: ${invariants.detail}`}`,
    );
    return run;
  } finally {
    http?.close();
    await booted?.close();
    await db.drop();
    await cleanRedis(ctx.redisUrl, tag);
  }
}

export async function ledgerBench(ctx: BenchContext): Promise<BenchReport> {
  const n = ctx.quick ? 100 : 1000;
  // The quick run stays under its three minutes with one worker.
  const workerCounts = ctx.quick ? [1] : [1, 2];
  // About 10% more than the fund holds, so the last claims meet the ceiling.
  const amount = (CEILING * 11n) / 10n / BigInt(n);
  const backends: ('redis' | 'postgres')[] = ctx.redisUrl ? ['redis', 'postgres'] : ['postgres'];
  const runs: { run: LedgerRun; baseline: LedgerRun }[] = [];
  for (const workers of workerCounts) {
    const baseline = await direct(ctx, workers, n, amount, `${ctx.runTag}-ledger-d${workers}`);
    for (const backend of backends) runs.push({ run: await queued(ctx, backend, workers, n, amount, `${ctx.runTag}-ledger-${backend}${workers}`), baseline });
  }
  const baselines = [...new Set(runs.map((r) => r.baseline))];
  const rows = [
    ...baselines.map((b) => [
      b.label,
      fmt(b.perSecond),
      fmt(b.seconds, 2),
      fmt(b.submitPerSecond),
      '(baseline)',
      b.invariants.ok ? 'hold' : `**BROKEN** ${b.invariants.detail}`,
    ]),
    ...runs.map(({ run, baseline }) => [
      run.label,
      fmt(run.perSecond),
      fmt(run.seconds, 2),
      fmt(run.submitPerSecond),
      `**${fmt(run.perSecond / baseline.perSecond, 2)}**`,
      run.invariants.ok ? 'hold' : `**BROKEN** ${run.invariants.detail}`,
    ]),
  ];
  const all = [...baselines, ...runs.map((r) => r.run)];
  const perClaim = (r: LedgerRun, f: (c: CpuSpent) => number) => fmt((1000 * f(r.cpu)) / n, 2);
  const total = (c: CpuSpent) => c.service + c.workers + c.postgres + c.redis + c.bench;
  const cpuRows = all.map((r) => [
    r.label,
    perClaim(r, (c) => c.service),
    r.workers > 1 && r.cpu.workers > 0 ? perClaim(r, (c) => c.workers) : '–',
    perClaim(r, (c) => c.postgres),
    perClaim(r, (c) => c.redis),
    r.cpu.bench > 0 ? perClaim(r, (c) => c.bench) : '–',
    perClaim(r, total),
    fmt(total(r.cpu) / r.seconds, 2),
  ]);
  const worst = runs.reduce((w, r) => (r.run.perSecond / r.baseline.perSecond < w.run.perSecond / w.baseline.perSecond ? r : w));
  const worstRatio = worst.run.perSecond / worst.baseline.perSecond;
  const allHold = [...baselines, ...runs.map((r) => r.run)].every((r) => r.invariants.ok);
  const markdown = [
    `${n} claims of Rp${amount} each on the seeded Rp3.000.000.000 fund (about 10% more than it holds, so the last ones are rejected with INSUFFICIENT_FUNDS), ` +
      `submitted by ${SUBMITTERS} callers at once over HTTP (\`submitClaim\`, ADMISSIONS user). ` +
      `Queue runs: the service with ROLE=all (api and one worker), plus a ROLE=worker process for two workers, at the defaults (${DEFAULTS.LEDGER_WORKER_CONCURRENCY} job${DEFAULTS.LEDGER_WORKER_CONCURRENCY === 1 ? '' : 's'} at a time per worker; a claim and those submitted in the ${DEFAULTS.LEDGER_HOLD_GATHER_MS} ms after it share one hold job, whose transaction posts up to ${HOLD_BATCH} REQUESTED claims of the fund under one lock, each its own journal entry); the time runs from the first submission ` +
      `until no claim is REQUESTED (polled every 20 ms), so it includes the submissions. ` +
      `Baseline: \`ClaimCommandsService.placeHold\` (one hold's posting transaction) called directly in-process, one claim per transaction, by ${DIRECT_CALLERS_PER_WORKER} callers per worker of the queue run, on claims submitted beforehand, ` +
      `untimed. After every run: every claim settled, one balanced journal entry per hold plus the opening, no claim posted twice, fund held = the claims' holds, ` +
      `held + paid ≤ ceiling, available = ceiling − held − paid, and \`verifyLedger\` valid over every entry.`,
    '',
    table(['run', 'claims/s submit→HELD', 'seconds', 'submissions/s', 'ratio to direct', 'invariants'], rows),
    '',
    'CPU per claim, in milliseconds, from /proc over each timed run: the service process (in the baseline, this process, which posts in-process), ' +
      'the extra ROLE=worker process, every PostgreSQL process, Redis, and this process (the HTTP submitters and the polling); the last column is ' +
      'the cores all of them kept busy on average, of the two this machine has.',
    '',
    table(['run', 'service', 'second worker', 'PostgreSQL', 'Redis', 'submitters', 'total', 'cores busy'], cpuRows),
    '',
    ...[...baselines, ...runs.map((r) => r.run)].map((r) => `- ${r.label}: ${r.invariants.detail}`),
  ].join('\n');
  return {
    title: 'Ledger throughput',
    markdown,
    goals: [
      {
        goal: 'Ledger: submit→HELD ≥ 0.8 of the direct posting, every invariant holding',
        met: worstRatio >= 0.8 && allHold,
        detail: `lowest ratio ${fmt(worstRatio, 2)} (${worst.run.label}); ${runs.map((r) => `${r.run.label} ${fmt(r.run.perSecond / r.baseline.perSecond, 2)}`).join(', ')}; invariants ${allHold ? 'held after every run' : 'BROKEN'}`,
        limits:
          'submit→HELD includes the submissions: each submitClaim is a GraphQL request (HTTP, Nest, Apollo, validation), a transaction of three round trips (begin; the claim statement, idempotency key, fund and fiscal year checked in the insert; its outbox row with the commit), then the queue add, on the same thread that runs the worker. ' +
          `The CPU table says where the difference goes: the baseline kept ${baselines.map((b) => fmt(total(b.cpu) / b.seconds, 2)).join(' and ')} cores busy (its postings wait on the fund lock and the commit, not on CPU), ` +
          `while the queue runs kept ${fmt(Math.min(...runs.map((r) => total(r.run.cpu) / r.run.seconds)), 2)} to ${fmt(Math.max(...runs.map((r) => total(r.run.cpu) / r.run.seconds)), 2)} of the two busy, ` +
          `and a claim costs them more CPU than the posting alone: the submission over HTTP, the queue itself, and (PostgreSQL queue) the job rows, whose add, take and finish each are transactions in the same database, paid once per hold job, which carries the claims submitted within ${DEFAULTS.LEDGER_HOLD_GATHER_MS} ms of its first. ` +
          'A second worker is a process of its own on the same two cores: its own CPU per claim comes on top and the batches of one fund still queue on that fund lock, so it adds contention rather than throughput here. ' +
          'The baseline times only the postings, one claim per call, on claims recorded beforehand',
      },
    ],
    summary: `ledger: ${runs.map((r) => `${r.run.label} ${fmt(r.run.perSecond)}/s`).join(', ')}; direct ${baselines.map((b) => `${fmt(b.perSecond)}/s`).join(' / ')}; invariants ${allHold ? 'hold' : 'BROKEN'}`,
  };
}
