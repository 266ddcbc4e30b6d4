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
    expect(loadEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toHaveLength(32);
  });

  it('wants the admin username and password together', () => {
    expect(() => loadEnvironment({ ADMIN_USERNAME: 'root' })).toThrow(/together/);
  });

  it('reads FUND_MAX_CEILING as whole rupiah (bigint), default Rp100.000.000.000', () => {
    expect(loadEnvironment({}).FUND_MAX_CEILING).toBe(100_000_000_000n);
    expect(loadEnvironment({ FUND_MAX_CEILING: '9223372036854775807' }).FUND_MAX_CEILING).toBe(9223372036854775807n);
    for (const bad of ['0', '-5', '1.5', '1e9', 'lots', '9223372036854775808', '99999999999999999999']) {
      expect(() => loadEnvironment({ FUND_MAX_CEILING: bad })).toThrow(/FUND_MAX_CEILING: FUND_MAX_CEILING must be whole rupiah/);
    }
  });
});
