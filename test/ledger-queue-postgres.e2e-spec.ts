import { queueSuite } from './ledger-queue-suite';

describe('ledger queue on the PostgreSQL backend', () => {
  queueSuite('postgres', () => ({ REDIS_URL: '' }));
});
