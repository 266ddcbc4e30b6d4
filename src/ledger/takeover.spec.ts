import { takeoverTiming } from './takeover';

describe('takeoverTiming', () => {
  it.each([1000, 2000, 30000, 600000])('keeps lock + stalled check at the bound %i ms', (bound) => {
    const { lockDuration, stalledInterval } = takeoverTiming(bound);
    expect(lockDuration + stalledInterval).toBe(bound);
    expect(stalledInterval).toBeGreaterThan(0);
    // The lock outlives at least one renewal interval (lockDuration / 2) with room to spare.
    expect(lockDuration).toBeGreaterThanOrEqual(stalledInterval * 2);
  });

  it('checks for stalled jobs every fifth of the default bound', () => {
    expect(takeoverTiming(30000)).toEqual({ lockDuration: 24000, stalledInterval: 6000 });
  });
});
