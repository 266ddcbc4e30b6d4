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
    for (const weak of ['password1234', 'aaaaaaaaaaaa', 'short']) {
      expect(() => loadEnvironment({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: weak })).toThrow(/ADMIN_PASSWORD: The password/);
    }
    expect(loadEnvironment({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'sasando-bunga-ranap-71' }).ADMIN_PASSWORD).toBe('sasando-bunga-ranap-71');
  });
});
