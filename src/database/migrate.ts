import type { DataSource } from 'typeorm';

/** One key for every process of the service on a database (pg_advisory_lock takes a bigint). */
const MIGRATION_LOCK = `hashtext('si-ranap migrations')`;

export interface MigrateLog {
  log(message: string): void;
}

/**
 * Runs the pending migrations while holding a session-level advisory lock, so of several
 * processes starting together (two api replicas and a worker) exactly one migrates; the others
 * wait for it, say that they wait, and then find nothing left to do. The lock is held on one
 * connection for the whole run and released even when a migration fails.
 */
export async function migrateUnderLock(db: DataSource, log: MigrateLog): Promise<number> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock(${MIGRATION_LOCK}) AS locked`)) as { locked: boolean }[];
    if (!locked) {
      log.log('another process is migrating the database; waiting for it to finish');
      const started = Date.now();
      await runner.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
      log.log(`the other process finished migrating (waited ${Date.now() - started} ms)`);
    }
    try {
      const applied = await db.runMigrations({ transaction: 'each' });
      if (applied.length > 0) log.log(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
      return applied.length;
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } finally {
    await runner.release();
  }
}
