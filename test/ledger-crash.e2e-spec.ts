import type { NestExpressApplication } from '@nestjs/platform-express';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Client } from 'pg';
import ts from 'typescript';
import { fiscalYearOf } from '../src/ledger/fiscal-calendar';
import { TestApp } from './support/test-app';
import { claimsOfHoldJob, LEDGER_POSTINGS_QUEUE, type HoldJobData } from '../src/ledger/ledger.jobs';
import { QueueService } from '../src/queue/queue.service';
import { REJECT, SUBMIT, VERIFY_LEDGER, allSettled, claimInput, journal, startReplica, type ClaimView } from './ledger-support';

const CLAIMS = 120;

const serviceSources = (root: string): string[] => {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
    );
  return [...walk(join(root, 'src')), ...walk(join(root, 'migrations'))];
};
const compiledPath = (root: string, outDir: string, file: string) => join(outDir, relative(root, file)).replace(/\.ts$/, '.js');

/** `npm test` builds before it runs jest: its dist/ serves when no source is newer than its output. */
function freshBuild(root: string): string | null {
  const dist = join(root, 'dist');
  const fresh = serviceSources(root).every((file) => {
    const out = compiledPath(root, dist, file);
    return existsSync(out) && statSync(out).mtimeMs >= statSync(file).mtimeMs;
  });
  return fresh ? dist : null;
}

/**
 * Otherwise the service is compiled file by file (like ts-jest: no type check, that is
 * `npm run typecheck`'s job) into a temporary folder.
 */
function transpileService(root: string, outDir: string): void {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2023,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
  };
  for (const file of serviceSources(root)) {
    const out = compiledPath(root, outDir, file);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file }).outputText);
  }
  symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'));
}

const LOCK_MS = '4000';
// About 10 s on an idle 2-core machine (plus compiling, when dist/ is stale); the margin is for a loaded one.
const TIMEOUT_MS = 120_000;

/**
 * A ledger worker in its own process is killed with SIGKILL while it is posting holds; another
 * worker then takes over. Nothing may be posted twice and nothing lost. The worker runs the
 * compiled service, as in production.
 */
describe('ledger: a worker killed mid-processing', () => {
  let t: TestApp;
  let buildDir: string;
  let tempBuild: string | undefined;
  let workerDir: string | undefined;
  let child: ChildProcess | undefined;
  let replica: NestExpressApplication | undefined;

  beforeAll(async () => {
    const root = process.cwd();
    const dist = freshBuild(root);
    if (dist) {
      buildDir = dist;
    } else {
      buildDir = tempBuild = mkdtempSync(join(tmpdir(), 'siranap-build-'));
      transpileService(root, buildDir);
    }
    t = await TestApp.start({ ROLE: 'api' });
  }, TIMEOUT_MS);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await replica?.close();
    await t?.close();
    if (tempBuild) rmSync(tempBuild, { recursive: true, force: true });
    if (workerDir) rmSync(workerDir, { recursive: true, force: true });
  });

  it(
    'posts every hold exactly once after a SIGKILL and a takeover',
    async () => {
      const admin = await t.adminToken();
      const [admissions, finance] = await Promise.all([t.userToken(['ADMISSIONS'], [], admin), t.userToken(['FINANCE'], [], admin)]);
      const open = await t.gql<{ openFund: { id: string } }>(
        `mutation($i: OpenFundInput!) { openFund(input: $i) { id } }`,
        { i: { name: 'Uji crash', fiscalYear: fiscalYearOf(new Date()), ceiling: '400000000' } },
        finance,
      );
      const fundId = open.data!.openFund.id;
      // The api process has no worker: the claims wait in the queue.
      const submitted = await Promise.all(
        Array.from({ length: CLAIMS }, (_, i) =>
          t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId, { amount: String(1_000_000 + i * 50_000) }) }, admissions),
        ),
      );
      expect(submitted.filter((r) => r.errors)).toEqual([]);
      // One claim is rejected before any worker saw it: its queued job must then do nothing.
      const verifier = await t.userToken(['VERIFIER'], [], admin);
      const early = submitted[0].data!.submitClaim.id;
      expect((await t.gql<{ rejectClaim: ClaimView }>(REJECT, { id: early, r: 'duplikat' }, verifier)).data!.rejectClaim.status).toBe('REJECTED');
      // Another lost its job, with the claims gathered into it (as if the enqueue after the commit
      // had failed): the sweep must find them.
      const orphan = submitted[1].data!.submitClaim.id;
      const queue = t.app.get(QueueService).queue(LEDGER_POSTINGS_QUEUE) as unknown as {
        getJobs(types: string[]): Promise<{ id?: string; data: HoldJobData; remove(): Promise<void> }[]>;
      };
      const orphanJob = (await queue.getJobs(['waiting'])).find((j) => claimsOfHoldJob(j.data).includes(orphan));
      await orphanJob!.remove();

      // The later half of the claims is locked before the worker starts: it settles the first half
      // (a hold job posts a fund's claims in batches, skipping claims locked elsewhere), then its
      // next job waits for its claim inside its transaction, where it is killed.
      const blocker = new Client({ connectionString: t.databaseUrl });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM claims WHERE id = ANY($1) FOR UPDATE`, [submitted.slice(CLAIMS / 2).map((r) => r.data!.submitClaim.id)]);
      const dataDir = (workerDir = mkdtempSync(join(tmpdir(), 'siranap-worker-')));
      child = spawn(process.execPath, [join(buildDir, 'src/main.js')], {
        cwd: dataDir,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          DATABASE_URL: t.databaseUrl,
          ROLE: 'worker',
          PORT: '0',
          DATA_DIR: dataDir,
          SEED_ON_START: 'false',
          LOG_LEVEL: 'error',
          LEDGER_JOB_LOCK_MS: LOCK_MS,
          LEDGER_SWEEP_SECONDS: '5',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.on('exit', (_code, signal) => resolve(signal)));

      const done = async () =>
        (await t.db.query(`SELECT count(*)::int AS n FROM claims WHERE fund_id = $1 AND status <> 'REQUESTED'`, [fundId]))[0].n as number;
      const until = Date.now() + 30000;
      while ((await done()) < 10) {
        if (Date.now() > until) throw new Error(`the worker process posted nothing: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }

      // The worker's next jobs stop inside their transactions, on the locked claims...
      const waitUntil = Date.now() + 10000;
      for (;;) {
        const [{ n }] = (await blocker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))
          .rows;
        if (n > 0) break;
        if (Date.now() > waitUntil) throw new Error('the worker never waited on a locked claim');
        await new Promise((r) => setTimeout(r, 20));
      }
      // Another worker is up before the kill, so the takeover time is the lock's, not a start-up's.
      replica = await startReplica(t, { ROLE: 'worker', LEDGER_JOB_LOCK_MS: LOCK_MS, LEDGER_SWEEP_SECONDS: '5' });
      const before = await done();
      const active = (await queue.getJobs(['active'])).flatMap((j) => claimsOfHoldJob(j.data));
      // ...and kill it there.
      child.kill('SIGKILL');
      const killedAt = Date.now();
      expect(await exited).toBe('SIGKILL');
      await blocker.query('ROLLBACK');
      await blocker.end();
      expect(before).toBeLessThan(CLAIMS);
      expect(active.length).toBeGreaterThan(0);

      // The jobs the dead worker held come back once its lock runs out: within LEDGER_JOB_LOCK_MS
      // and a little (the stalled check is part of that bound).
      for (;;) {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM claims WHERE id = ANY($1) AND status = 'REQUESTED'`, [active]);
        if (n === 0) break;
        if (Date.now() - killedAt > Number(LOCK_MS) + 10000)
          throw new Error(`${n} jobs of the killed worker still unsettled after ${Date.now() - killedAt} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const takeoverMs = Date.now() - killedAt;
      // The bound plus a few seconds for a busy machine to run the surviving worker's stalled check.
      expect(takeoverMs).toBeLessThan(Number(LOCK_MS) + 6000);
      await allSettled(t, 40000);

      const rows: { status: string; held_amount: string; reject_reason: string | null }[] = await t.db.query(
        `SELECT status, held_amount::text, reject_reason FROM claims WHERE fund_id = $1`,
        [fundId],
      );
      expect(rows).toHaveLength(CLAIMS);
      const held = rows.filter((r) => r.status === 'HELD');
      expect(held.length + rows.filter((r) => r.status === 'REJECTED' && r.reject_reason?.startsWith('INSUFFICIENT_FUNDS')).length).toBe(CLAIMS - 1);
      const j = await journal(t, fundId);
      expect(j.entries).toBe(1 + held.length);
      const [{ n: earlyPostings }] = await t.db.query(`SELECT count(*)::int AS n FROM journal_entries WHERE claim_id = $1`, [early]);
      expect(earlyPostings).toBe(0);
      const [{ status: orphanStatus }] = await t.db.query(`SELECT status FROM claims WHERE id = $1`, [orphan]);
      expect(['HELD', 'REJECTED']).toContain(orphanStatus);
      expect(j.unbalancedEntries).toBe(0);
      expect(j.fund.held).toBe(held.reduce((s, r) => s + BigInt(r.held_amount), 0n).toString());
      const auditor = await t.userToken(['AUDITOR'], [], admin);
      const chain = await t.gql<{ verifyLedger: { valid: boolean } }>(VERIFY_LEDGER, { f: fundId }, auditor);
      expect(chain.data!.verifyLedger.valid).toBe(true);
      process.stdout.write(
        `[ledger-crash] killed the worker after ${before}/${CLAIMS} claims; the ${active.length} claims of its jobs settled ${takeoverMs} ms later; after takeover ${held.length} held, ${CLAIMS - held.length} rejected, none twice\n`,
      );
    },
    TIMEOUT_MS,
  );
});
