import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { createDatabase, fmt, freePort, log, median, nowMs, startService } from './lib';
import { table, type BenchContext, type BenchReport } from './report';

/** A data folder PostgreSQL (run as the postgres user when we are root) may enter. */
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'siranap-bench-start-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** The service as `npm start` runs it after the build, with nothing configured but a data folder. */
async function serviceStart(dir: string): Promise<number> {
  const service = await startService(
    { DATA_DIR: dir, EMBEDDED_PG_PORT: String(await freePort()), DATABASE_URL: undefined, JWT_SECRET: undefined, LOG_LEVEL: 'warn' },
    'start-up',
    180000,
  );
  await service.stop();
  return service.readyMs;
}

/** The embedded PostgreSQL alone, as the service starts it: what any start-up on it costs at least. */
async function databaseStart(dir: string): Promise<number> {
  const t = nowMs();
  const pg = await startEmbeddedPostgres(dir, await freePort(), { log: () => undefined, error: (m: string) => log(`start-up: ${m}`) });
  const ms = nowMs() - t;
  await pg.stop();
  return ms;
}

export async function startupBench(ctx: BenchContext): Promise<BenchReport> {
  const rounds = ctx.quick ? 1 : 3;
  const times = {
    serviceCold: [] as number[],
    serviceWarm: [] as number[],
    dbCold: [] as number[],
    dbWarm: [] as number[],
    external: [] as number[],
    externalWarm: [] as number[],
  };
  const dirs: string[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const dbDir = dataDir();
      const svcDir = dataDir();
      dirs.push(dbDir, svcDir);
      times.dbCold.push(await databaseStart(dbDir));
      times.serviceCold.push(await serviceStart(svcDir));
      times.dbWarm.push(await databaseStart(dbDir));
      times.serviceWarm.push(await serviceStart(svcDir));
      log(
        `start-up round ${i + 1}: service cold ${fmt(times.serviceCold.at(-1)! / 1000, 2)} s (database alone ${fmt(times.dbCold.at(-1)! / 1000, 2)} s), ` +
          `warm ${fmt(times.serviceWarm.at(-1)! / 1000, 2)} s (database alone ${fmt(times.dbWarm.at(-1)! / 1000, 2)} s)`,
      );
      // On the configured PostgreSQL: a new database (migrations and seed), then the same again.
      if (ctx.quick) continue;
      const db = await createDatabase(ctx.serverUrl, 'startup');
      try {
        const dir = dataDir();
        dirs.push(dir);
        for (const into of [times.external, times.externalWarm]) {
          const s = await startService({ DATABASE_URL: db.url, DATA_DIR: dir, LOG_LEVEL: 'warn' }, 'start-up external');
          await s.stop();
          into.push(s.readyMs);
        }
      } finally {
        await db.drop();
      }
      log(
        `start-up round ${i + 1}: on the configured PostgreSQL, new database ${fmt(times.external.at(-1)! / 1000, 2)} s, migrated ${fmt(times.externalWarm.at(-1)! / 1000, 2)} s`,
      );
    }
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  const s = (xs: number[]) => fmt(median(xs) / 1000, 2);
  const coldRatio = median(times.serviceCold) / median(times.dbCold);
  const warmRatio = median(times.serviceWarm) / median(times.dbWarm);
  const markdown = [
    `Time from spawning \`node dist/src/main.js\` (what \`npm start\` runs after \`npm run build\`, which is not timed: about 25 s of tsc here) until ` +
      `\`GET /health/ready\` answers 200 (polled every 25 ms). Cold: a new DATA_DIR, so the embedded PostgreSQL is initialised (initdb), ` +
      `then migrations, seed and admin. Warm: the same DATA_DIR again. Baseline: \`startEmbeddedPostgres()\` alone (the same code the service runs) ` +
      `on a folder of its own, cold then warm. Median of ${rounds} round(s), baseline and service alternating.`,
    '',
    table(
      ['start', 'service s', 'embedded PostgreSQL alone s', 'ratio', 'service over the database s'],
      [
        [
          'cold (new data folder)',
          s(times.serviceCold),
          s(times.dbCold),
          `**${fmt(coldRatio, 2)}**`,
          fmt((median(times.serviceCold) - median(times.dbCold)) / 1000, 2),
        ],
        ['warm', s(times.serviceWarm), s(times.dbWarm), `**${fmt(warmRatio, 2)}**`, fmt((median(times.serviceWarm) - median(times.dbWarm)) / 1000, 2)],
        ...(ctx.quick
          ? []
          : [
              ['configured PostgreSQL, new database', s(times.external), '', '', ''],
              ['configured PostgreSQL, migrated database', s(times.externalWarm), '', '', ''],
            ]),
      ],
    ),
  ].join('\n');
  return {
    title: 'Start-up',
    markdown,
    goals: [],
    summary: `start-up: cold ${s(times.serviceCold)} s (embedded PostgreSQL alone ${s(times.dbCold)} s), warm ${s(times.serviceWarm)} s (alone ${s(times.dbWarm)} s)`,
  };
}
