import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { queueSuite } from './ledger-queue-suite';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('[ledger-queue-redis] REDIS_URL is not set: the Redis backend suite is skipped (CI sets it).\n');

(redisUrl ? describe : describe.skip)('ledger queue on Redis', () => {
  const prefix = `siranap-test-${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    // The queues of this run live under their own prefix; remove them.
    const redis = new IORedis(redisUrl!);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
  queueSuite('redis', () => ({ REDIS_URL: redisUrl!, QUEUE_PREFIX: prefix }));
});
