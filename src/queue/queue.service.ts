import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createPostgresBackend, Queue, Worker, withBackend, type Job, type JobsOptions, type WorkerOptions } from 'bullmq';
import IORedis from 'ioredis';
import { withDeadline } from '../common/deadline';
import { RepeatFilter } from '../common/repeat-filter';
import { AppConfig } from '../config/app-config';

const OnPostgres = withBackend(createPostgresBackend);

export type QueueBackendKind = 'redis' | 'postgres';

/** The payload of a job: a JSON object, whose shape the queue's owner declares. */
export type JobData = object;

/** The few queue operations the service uses, the same on both backends. */
export interface JobQueue<T extends JobData = JobData> {
  add(name: string, data: T, opts: JobsOptions): Promise<unknown>;
  getJob(id: string): Promise<Job<T> | undefined>;
  getJobCounts(...types: JobState[]): Promise<Record<string, number>>;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): Promise<void>;
}

const COUNTED_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
type JobState = (typeof COUNTED_STATES)[number];

export interface JobWorker {
  close(force?: boolean): Promise<void>;
  waitUntilReady(): Promise<unknown>;
}

/**
 * BullMQ on Redis when REDIS_URL is set, else on BullMQ's PostgreSQL backend in the service's
 * own database (so the embedded default needs nothing but Node). The backend factory is passed
 * to each Queue and Worker instead of `setDefaultBackendFactory`, which is process-global and
 * would make two apps in one process (the tests) share one backend.
 */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly log = new Logger(QueueService.name);
  private readonly queues = new Map<string, JobQueue>();
  /** Every queue a module declared, counted by `jobCounts` even before it is opened. */
  private readonly declared = new Set<string>();
  private readonly workers: JobWorker[] = [];
  private readonly redisClients: IORedis[] = [];
  private readonly jobsInHand = new JobsInHand();
  /** Set at shutdown: a connection failing after it is expected, not worth a log line. */
  private closing = false;
  private readonly repeats = new RepeatFilter(60_000);

  constructor(private readonly config: AppConfig) {}

  get backend(): QueueBackendKind {
    return this.config.env.REDIS_URL ? 'redis' : 'postgres';
  }

  /** Names a queue of the service; its owner module calls this when it is created. */
  declare(name: string): void {
    this.declared.add(name);
  }

  queue<T extends JobData>(name: string): JobQueue<T> {
    this.declared.add(name);
    const existing = this.queues.get(name);
    if (existing) return existing as JobQueue<T>;
    const queue: JobQueue =
      this.backend === 'redis'
        ? new Queue(name, { connection: this.redis(), prefix: this.config.env.QUEUE_PREFIX })
        : new OnPostgres.Queue(name, { connection: this.postgresConnection() });
    // BullMQ reports lost connections as 'error' events; they are logged, and the queue reconnects.
    queue.on('error', (err: Error) => this.connectionError({ msg: 'queue error', queue: name, error: err.message }));
    this.queues.set(name, queue);
    return queue as JobQueue<T>;
  }

  /** Starts an in-process worker; failures are logged, never left to crash the process. */
  worker<T extends JobData>(
    name: string,
    process: (job: Job<T>) => Promise<unknown>,
    opts: Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval'>,
  ): JobWorker {
    const tracked = (job: Job<T>) => this.jobsInHand.run(() => process(job));
    const worker =
      this.backend === 'redis'
        ? new Worker<T>(name, tracked, { ...opts, connection: this.redis(), prefix: this.config.env.QUEUE_PREFIX })
        : new OnPostgres.Worker<T>(name, tracked, { ...opts, connection: this.postgresConnection() });
    // Without an error listener a connection problem would be an unhandled 'error' event.
    worker.on('error', (err: Error) => this.connectionError({ msg: 'queue worker error', queue: name, error: err.message }));
    worker.on('failed', (job: Job<T> | undefined, err: Error) =>
      this.log.warn({ msg: 'job failed', queue: name, jobId: job?.id, attempt: job?.attemptsMade, error: err.message }),
    );
    this.workers.push(worker);
    return worker;
  }

  /** Jobs per queue and state; throws when the backend does not answer within `timeoutMs`. */
  async jobCounts(timeoutMs = 2000): Promise<{ queue: string; state: JobState; count: number }[]> {
    const per = await Promise.all(
      [...this.declared].map(async (queue) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer from the ${this.backend} queue in ${timeoutMs} ms`)), timeoutMs);
        });
        try {
          const counts = await Promise.race([this.queue(queue).getJobCounts(...COUNTED_STATES), timeout]);
          return COUNTED_STATES.map((state) => ({ queue, state, count: counts[state] ?? 0 }));
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return per.flat();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    // Each step gets a share of the shutdown deadline, so the pools and the embedded database
    // still close after it.
    const graceMs = Math.max(500, Math.floor(this.config.env.SHUTDOWN_TIMEOUT_MS / 2));
    // Jobs in hand finish first; then the workers are closed without BullMQ's own wait for
    // them, which never returns when the worker's Redis link is down or still coming back (its
    // blocking client stays "reconnecting" for good). A job still running at the deadline
    // loses its lock and is taken up again by the stalled-job check of the next worker.
    const inHand = await this.jobsInHand.settledWithin(graceMs);
    if (inHand > 0) this.log.warn({ msg: 'jobs still running at shutdown; leaving them to be taken up again', inHand, graceMs });
    await settledWithin(
      this.workers.splice(0).map((w) => w.close(true)),
      graceMs / 2,
    );
    const queues = [...this.queues.values()];
    this.queues.clear();
    await settledWithin(
      queues.map((q) => q.close()),
      graceMs / 2,
    );
    for (const client of this.redisClients.splice(0)) {
      // QUIT waits for a reconnect that may never come; a link that is not up is just dropped.
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    }
  }

  /** A lost link is logged once a minute per source and message, with the count held back. */
  private connectionError(fields: { msg: string; queue?: string; error: string }): void {
    if (this.closing) return;
    const repeats = this.repeats.admit(`${fields.msg}|${fields.queue ?? ''}|${fields.error}`);
    if (repeats !== null) this.log.error(repeats > 0 ? { ...fields, repeatsHeldBack: repeats } : fields);
  }

  private redis(): IORedis {
    // BullMQ requires maxRetriesPerRequest: null for its blocking commands.
    const client = new IORedis(this.config.env.REDIS_URL!, { maxRetriesPerRequest: null });
    client.on('error', (err: Error) => this.connectionError({ msg: 'redis error', error: err.message }));
    this.redisClients.push(client);
    return client;
  }

  private postgresConnection() {
    // migrate: true creates BullMQ's schema; without it workers loop on SchemaMigrationRequiredError.
    return { connectionString: this.config.databaseUrl, schema: this.config.env.QUEUE_PG_SCHEMA, migrate: true, max: 5 };
  }
}

/** Waits for the tasks, at most `ms`; returns how many had not settled by then. */
async function settledWithin(tasks: Promise<unknown>[], ms: number): Promise<number> {
  let settled = 0;
  const all = Promise.allSettled(tasks.map((t) => t.finally(() => settled++)));
  await withDeadline(all, ms, 'queue shutdown').catch(() => undefined);
  return tasks.length - settled;
}

/** The jobs this process is running now, so shutdown can wait for them by itself. */
class JobsInHand {
  private readonly running = new Set<Promise<unknown>>();

  run<R>(work: () => Promise<R>): Promise<R> {
    const done = work();
    this.running.add(done);
    void done.finally(() => this.running.delete(done)).catch(() => undefined);
    return done;
  }

  /** Waits at most `ms` for the jobs in hand; returns how many were still running. */
  settledWithin(ms: number): Promise<number> {
    return settledWithin([...this.running], ms);
  }
}
