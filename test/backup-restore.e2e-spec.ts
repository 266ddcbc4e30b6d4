import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { JsonLogger } from '../src/common/json-logger';
import { AppConfig } from '../src/config/app-config';
import { loadEnvironment } from '../src/config/environment';
import { LedgerQueriesService } from '../src/ledger/ledger-queries.service';
import { ServiceProcess } from './support/service-process';
import { createTestDatabase, TestApp } from './support/test-app';
import { SUBMIT, VERIFY, claimInput, seededFundId, settled, type ClaimView } from './ledger-support';

const CLI = resolve('dist/src/database/backup-cli.js');

async function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; output: string }> {
  const p = new ServiceProcess({ LOG_LEVEL: 'info', ...env }, CLI, args);
  const { code } = await p.exited;
  return { code, output: p.output };
}

/** What a restore must bring back: beds, their history, claims and their history, the journal. */
async function facts(t: { db: { query(sql: string): Promise<unknown[]> } }) {
  const q = (sql: string) => t.db.query(sql);
  return {
    beds: await q(`SELECT id, status, version FROM beds ORDER BY id`),
    bedEvents: await q(`SELECT id, bed_id, from_status, to_status, at FROM bed_events ORDER BY id`),
    claims: await q(`SELECT id, status, held_amount::text FROM claims ORDER BY id`),
    claimEvents: await q(`SELECT id, claim_id, action, to_status FROM claim_events ORDER BY id`),
    journal: await q(`SELECT id, seq, kind, hash, prev_hash FROM journal_entries ORDER BY id`),
    lines: await q(`SELECT count(*)::int AS n, sum(debit)::text AS debit, sum(credit)::text AS credit FROM journal_lines`),
  };
}

(existsSync(CLI) ? describe : describe.skip)('backup and restore (built CLI, run `npm run build` first)', () => {
  let t: TestApp;
  let target: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  let restored: NestExpressApplication | undefined;

  beforeAll(async () => {
    t = await TestApp.start();
    target = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'siranap-backup-'));
  });
  afterAll(async () => {
    await restored?.close();
    await t?.close();
    await target?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a backup restored into a new database has the same beds, history and journal, and the ledger verifies', async () => {
    const admin = await t.adminToken();
    const [admissions, verifier] = await Promise.all([t.userToken(['ADMISSIONS'], [], admin), t.userToken(['VERIFIER'], [], admin)]);
    const fundId = await seededFundId(t);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId) }, admissions)).data!.submitClaim.id);
    for (const id of ids) expect(await settled(t, id)).toBe('HELD');
    expect((await t.gql(VERIFY, { id: ids[0] }, verifier)).errors).toBeUndefined();
    const bed = (await t.db.query(`SELECT id, version FROM beds WHERE status = 'AVAILABLE' ORDER BY code LIMIT 1`))[0] as { id: string; version: number };
    expect(
      (
        await t.gql(
          `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`,
          { i: { bedId: bed.id, expectedVersion: bed.version, status: 'CLOSED' } },
          admin,
        )
      ).errors,
    ).toBeUndefined();

    const env = { DATABASE_URL: t.databaseUrl, DATA_DIR: dataDir, BACKUP_KEEP: '2' };
    const first = await cli(env, 'backup');
    expect(first).toMatchObject({ code: 0 });
    expect(first.output).not.toContain(new URL(t.databaseUrl).password || 'no-password-in-url');
    // Two more (a second apart, as their names are by the second): rotation keeps BACKUP_KEEP.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await cli(env, 'backup')).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await cli(env, 'backup')).code).toBe(0);
    const files = readdirSync(join(dataDir, 'backups')).sort();
    expect(files).toHaveLength(2);
    // pg_dump's custom format where a pg_dump fits the server, else the COPY archive (an embedded
    // PostgreSQL newer than the machine's tools, or none installed): all of one kind either way.
    expect(files.every((f) => /^siranap-\d{8}T\d{6}Z\.dump$/.test(f)) || files.every((f) => /^siranap-\d{8}T\d{6}Z\.copy\.gz$/.test(f))).toBe(true);
    const latest = join(dataDir, 'backups', files[1]);

    const into = { DATABASE_URL: target.url, DATA_DIR: dataDir };
    const done = await cli(into, 'restore', latest);
    expect(done).toMatchObject({ code: 0 });
    // A second restore over the now non-empty database is refused unless forced.
    const again = await cli(into, 'restore', latest);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/is not empty .* --force/);
    expect((await cli(into, 'restore', latest, '--force')).code).toBe(0);
    expect((await cli(into, 'restore', join(dataDir, 'nope.dump'))).output).toMatch(/no backup file/);

    const env2 = loadEnvironment({ NODE_ENV: 'test', DATA_DIR: dataDir, GRAPHQL_SCHEMA_FILE: '', LOG_LEVEL: 'error', SEED_ON_START: 'false', ROLE: 'api' });
    restored = await createApp(new AppConfig(env2, target.url, randomBytes(32).toString('hex')), new JsonLogger('error'));
    const copy = { db: restored.get(DataSource) };
    expect(await facts(copy)).toEqual(await facts(t));
    const check = await restored.get(LedgerQueriesService).verifyLedger(fundId);
    expect(check.valid).toBe(true);
    expect(check.entriesChecked).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
