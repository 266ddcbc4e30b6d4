import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { loadEnvironment } from '../../src/config/environment';
import { QueueService } from '../../src/queue/queue.service';
import { createTestDatabase } from '../support/test-app';

/** A queue service on the PostgreSQL backend of a database of its own. */
function queueService(databaseUrl: string, shutdownMs: number): QueueService {
  const env = loadEnvironment({ SHUTDOWN_TIMEOUT_MS: String(shutdownMs), QUEUE_PG_SCHEMA: 'bullmq' });
  return new QueueService(new AppConfig(env, databaseUrl, 'x'.repeat(40)));
}

/** Adds one job to `name` and resolves once the worker has started it; `release` lets it end. */
async function jobInHand(queues: QueueService, name: string): Promise<{ release: () => void; finished: () => boolean }> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const begun = new Promise<void>((r) => (started = r));
  let done = false;
  const worker = queues.worker(
    name,
    async () => {
      started();
      await held;
      done = true;
    },
    { concurrency: 1 },
  );
  await worker.waitUntilReady();
  await queues.queue(name).add('work', {}, { removeOnComplete: true });
  await begun;
  return { release, finished: () => done };
}

describe('QueueService shutdown', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  it('waits for the job in hand to finish before it closes the worker', async () => {
    const queues = queueService(db.url, 20_000);
    const job = await jobInHand(queues, 'finishes');
    let closed = false;
    const closing = queues.onModuleDestroy().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(closed).toBe(false);
    job.release();
    await closing;
    expect(job.finished()).toBe(true);
  }, 30_000);

  it('closes anyway once half its deadline has passed with the job still running', async () => {
    const queues = queueService(db.url, 1000);
    const job = await jobInHand(queues, 'never-ends');
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      queues.onModuleDestroy().then(() => 'closed'),
      new Promise<string>((r) => (timer = setTimeout(() => r('still closing after 15 s'), 15_000))),
    ]);
    clearTimeout(timer);
    expect(outcome).toBe('closed');
    expect(job.finished()).toBe(false);
    job.release();
  }, 30_000);
});
