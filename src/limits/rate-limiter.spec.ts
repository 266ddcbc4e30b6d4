import { RateLimiter, TokenBucket } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows the limit per window, then tells how long to wait', () => {
    const r = new RateLimiter(3, 1000);
    expect([r.hit('a', 0), r.hit('a', 10), r.hit('a', 20)]).toEqual([0, 0, 0]);
    expect(r.hit('a', 400)).toBe(600);
    expect(r.hit('b', 400)).toBe(0);
    expect(r.hit('a', 1000)).toBe(0);
  });

  it('holds a bounded number of keys and forgets old windows', () => {
    const r = new RateLimiter(1, 1000, 2);
    expect(r.hit('a', 0)).toBe(0);
    expect(r.hit('b', 0)).toBe(0);
    expect(r.hit('c', 0)).toBe(1000);
    expect(r.hit('c', 1500)).toBe(0);
  });
});

describe('TokenBucket', () => {
  it('allows a burst of its capacity, then refills at its rate', () => {
    const b = new TokenBucket(3, 60, 0); // one token a second
    expect([b.take(0), b.take(0), b.take(0)]).toEqual([0, 0, 0]);
    expect(b.take(0)).toBe(1000);
    expect(b.take(400)).toBe(600);
    expect(b.take(1000)).toBe(0);
    expect(b.take(1000)).toBe(1000);
  });

  it('never holds more than its capacity after a long pause', () => {
    const b = new TokenBucket(2, 60, 0);
    expect([b.take(1_000_000), b.take(1_000_000), b.take(1_000_000)]).toEqual([0, 0, 1000]);
  });
});
