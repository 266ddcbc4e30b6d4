import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../common/json-logger';
import { loadEnvironment } from '../config/environment';
import { dataSourceOptions } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';
import { migrateUnderLock } from './migrate';
import { seedDatabase } from './seed';

/** `npm run seed`: migrate, then seed RSUD S.K. Lerik if it is not there yet. */
async function main(): Promise<void> {
  const env = loadEnvironment();
  const logger = new JsonLogger(env.LOG_LEVEL);
  const log = { log: (m: string) => logger.log(m, 'Seed'), error: (m: string) => logger.error(m, 'Seed') };
  const embedded = env.DATABASE_URL ? undefined : await startEmbeddedPostgres(env.DATA_DIR, env.EMBEDDED_PG_PORT, log);
  const db = new DataSource(dataSourceOptions(env.DATABASE_URL ?? embedded!.url));
  await db.initialize();
  try {
    await migrateUnderLock(db, log);
    const seeded = await seedDatabase(db, log);
    log.log(seeded ? 'seed complete' : 'already seeded; nothing to do');
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`seed failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
