import { MAX_INSTANT, MIN_INSTANT, parseInstant } from './date-range';

describe('parseInstant', () => {
  it('accepts ISO date-times in years 0001-9999, with any offset', () => {
    expect(parseInstant('2025-06-01T08:00:00+08:00')?.toISOString()).toBe('2025-06-01T00:00:00.000Z');
    expect(parseInstant('2999-01-01T00:00:00Z')?.getTime()).toBe(Date.UTC(2999, 0, 1));
    expect(parseInstant('0001-01-01T00:00:00Z')?.getTime()).toBe(MIN_INSTANT.getTime());
    expect(parseInstant('9999-12-31T23:59:59.999Z')?.getTime()).toBe(MAX_INSTANT.getTime());
  });

  it('refuses what PostgreSQL or JavaScript cannot hold, and what is not a date-time', () => {
    for (const bad of [
      '-271821-04-20T00:00:00Z',
      '275760-09-13T00:00:00Z',
      '+010000-01-01T00:00:00Z',
      '0000-12-31T23:59:59Z',
      '9999-12-31T23:59:59.999-01:00',
      '2025-13-01T00:00:00Z',
      'yesterday',
      '1 OR 1=1',
      '',
      123,
      null,
    ]) {
      expect(parseInstant(bad)).toBeNull();
    }
  });
});
