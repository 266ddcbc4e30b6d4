import { RepeatFilter } from './repeat-filter';

describe('RepeatFilter', () => {
  it('lets the first line of a key through, holds back repeats within the window, then says how many it held', () => {
    let now = 0;
    const filter = new RepeatFilter(60_000, () => now);
    expect(filter.admit('redis: ECONNREFUSED')).toBe(0);
    now = 200;
    expect(filter.admit('redis: ECONNREFUSED')).toBeNull();
    now = 400;
    expect(filter.admit('redis: ECONNREFUSED')).toBeNull();
    expect(filter.admit('worker: ECONNREFUSED')).toBe(0);
    now = 60_000;
    expect(filter.admit('redis: ECONNREFUSED')).toBe(2);
    expect(filter.admit('redis: ECONNREFUSED')).toBeNull();
  });

  it('forgets keys whose window has passed once it holds many', () => {
    let now = 0;
    const filter = new RepeatFilter(1000, () => now);
    for (let i = 0; i < 101; i++) filter.admit(`k${i}`);
    now = 5000;
    expect(filter.admit('fresh')).toBe(0);
    expect((filter as unknown as { seen: Map<string, unknown> }).seen.size).toBe(1);
  });
});
