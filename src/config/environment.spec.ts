import { loadEnvironment } from './environment';

describe('environment', () => {
  it('has working defaults with nothing set', () => {
    const env = loadEnvironment({});
    expect(env.PORT).toBe(3000);
    expect(env.ROLE).toBe('all');
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names each malformed variable', () => {
    expect(() => loadEnvironment({ PORT: 'eighty', ROLE: 'boss', DATABASE_URL: 'mysql://x' })).toThrow(/PORT[\s\S]*ROLE|ROLE[\s\S]*PORT/);
    expect(() => loadEnvironment({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(loadEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), PUBLIC_BASE_URL: 'https://rs.example' }).JWT_SECRET).toHaveLength(32);
  });

  it('wants the admin username and password together', () => {
    expect(() => loadEnvironment({ ADMIN_USERNAME: 'root' })).toThrow(/together/);
    expect(loadEnvironment({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'sasando-bunga-ranap-71' }).ADMIN_PASSWORD).toBe('sasando-bunga-ranap-71');
  });

  it('reads FUND_MAX_CEILING as whole rupiah (bigint), default Rp100.000.000.000', () => {
    expect(loadEnvironment({}).FUND_MAX_CEILING).toBe(100_000_000_000n);
    expect(loadEnvironment({ FUND_MAX_CEILING: '9223372036854775807' }).FUND_MAX_CEILING).toBe(9223372036854775807n);
    for (const bad of ['0', '-5', '1.5', '1e9', 'lots', '9223372036854775808', '99999999999999999999']) {
      expect(() => loadEnvironment({ FUND_MAX_CEILING: bad })).toThrow(/FUND_MAX_CEILING: FUND_MAX_CEILING must be whole rupiah/);
    }
  });

  it('requires LEDGER_SIGNING_KEY in production for split api and worker processes, not for one process', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), PUBLIC_BASE_URL: 'https://rs.example.go.id' };
    for (const ROLE of ['api', 'worker']) {
      expect(() => loadEnvironment({ ...production, ROLE })).toThrow(`LEDGER_SIGNING_KEY: required when NODE_ENV=production and ROLE=${ROLE}`);
    }
    const key = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHk6n0L3w6kqvVwz9Rz2b8D1g0o8p2k4m6JrHf1n2t3a\n-----END PRIVATE KEY-----\n';
    expect(loadEnvironment({ ...production, ROLE: 'api', LEDGER_SIGNING_KEY: key }).LEDGER_SIGNING_KEY).toBe(key);
    expect(loadEnvironment(production).ROLE).toBe('all');
    expect(loadEnvironment({ NODE_ENV: 'test', ROLE: 'worker' }).LEDGER_SIGNING_KEY).toBeUndefined();
  });

  it('requires PUBLIC_BASE_URL in production, defaults it from PORT elsewhere, and normalises it', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/PUBLIC_BASE_URL: required/);
    expect(loadEnvironment({ PORT: '8081' }).PUBLIC_BASE_URL).toBe('http://localhost:8081');
    expect(loadEnvironment({ PUBLIC_BASE_URL: 'https://RS.example:8443/siranap/' }).PUBLIC_BASE_URL).toBe('https://rs.example:8443/siranap');
    for (const bad of ['rs.example', 'ftp://rs.example', 'https://rs.example/?a=1', 'https://rs.example/#x', 'https://u:p@rs.example']) {
      expect(() => loadEnvironment({ PUBLIC_BASE_URL: bad })).toThrow(/PUBLIC_BASE_URL/);
    }
  });

  it('takes a METRICS_TOKEN of 32 or more printable characters', () => {
    expect(loadEnvironment({ METRICS_TOKEN: 'k'.repeat(32) }).METRICS_TOKEN).toHaveLength(32);
    expect(() => loadEnvironment({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadEnvironment({ METRICS_TOKEN: `${'k'.repeat(32)} x` })).toThrow(/METRICS_TOKEN/);
  });

  it('takes the ledger hold window and worker concurrency as bounded whole numbers, 5 ms and one job by default', () => {
    expect(loadEnvironment({})).toMatchObject({ LEDGER_HOLD_GATHER_MS: 5, LEDGER_WORKER_CONCURRENCY: 1 });
    expect(loadEnvironment({ LEDGER_HOLD_GATHER_MS: '0' }).LEDGER_HOLD_GATHER_MS).toBe(0);
    for (const bad of ['-1', '1001', '2.5', 'soon']) expect(() => loadEnvironment({ LEDGER_HOLD_GATHER_MS: bad })).toThrow(/LEDGER_HOLD_GATHER_MS/);
    expect(() => loadEnvironment({ LEDGER_WORKER_CONCURRENCY: '0' })).toThrow(/LEDGER_WORKER_CONCURRENCY/);
  });

  it('seeds the demonstration data by default, but not in production unless asked', () => {
    expect(loadEnvironment({}).SEED_ON_START).toBe('true');
    const production = { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), PUBLIC_BASE_URL: 'https://rs.example.go.id' };
    expect(loadEnvironment(production).SEED_ON_START).toBe('false');
    expect(loadEnvironment({ ...production, SEED_ON_START: 'true' }).SEED_ON_START).toBe('true');
  });
});
