import { metricsAccess } from './metrics-access';

describe('metricsAccess', () => {
  const token = 'm'.repeat(40);

  it('is off in production without a configured token, whatever is sent', () => {
    expect(metricsAccess(true, undefined, undefined)).toBe('off');
    expect(metricsAccess(true, undefined, `Bearer ${token}`)).toBe('off');
  });

  it('needs the exact bearer token when one is configured', () => {
    for (const production of [true, false]) {
      expect(metricsAccess(production, token, `Bearer ${token}`)).toBe('allow');
      expect(metricsAccess(production, token, `bearer  ${token} `)).toBe('allow');
      expect(metricsAccess(production, token, undefined)).toBe('unauthorized');
      expect(metricsAccess(production, token, token)).toBe('unauthorized');
      expect(metricsAccess(production, token, `Bearer ${token}x`)).toBe('unauthorized');
      expect(metricsAccess(production, token, `Bearer ${token.slice(1)}`)).toBe('unauthorized');
      expect(metricsAccess(production, token, 'Basic abc')).toBe('unauthorized');
    }
  });

  it('is open outside production when no token is configured', () => {
    expect(metricsAccess(false, undefined, undefined)).toBe('allow');
  });
});
