import { ResponseCache } from './response-cache';

interface Filter {
  ward?: string;
}
const touches = (ward: string) => (f: Filter) => !f.ward || f.ward === ward;

describe('ResponseCache', () => {
  it('reads once per key until a change touches it', async () => {
    const cache = new ResponseCache<Filter, number>(10, 60_000);
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    expect(await cache.get('a', { ward: 'a' }, read)).toBe(1);
    expect(await cache.get('a', { ward: 'a' }, read)).toBe(1);
    expect(await cache.get('all', {}, read)).toBe(2);
    cache.changed(touches('b'));
    expect(await cache.get('a', { ward: 'a' }, read)).toBe(1);
    expect(await cache.get('all', {}, read)).toBe(3);
    cache.changed(touches('a'));
    expect(await cache.get('a', { ward: 'a' }, read)).toBe(4);
  });

  it('does not keep a value read while a change was seen, so it never serves counts older than a seen change', async () => {
    const cache = new ResponseCache<Filter, string>(10, 60_000);
    let release!: (v: string) => void;
    const slow = cache.get('a', { ward: 'a' }, () => new Promise((r) => (release = r)));
    cache.changed(touches('b'));
    release('before the change');
    expect(await slow).toBe('before the change');
    // A read that began after the change is not joined to the one from before it.
    expect(await cache.get('a', { ward: 'a' }, () => Promise.resolve('after'))).toBe('after');
    expect(await cache.get('a', { ward: 'a' }, () => Promise.resolve('again'))).toBe('after');
  });

  it('shares one read among concurrent misses, forgets failures, and bounds entries and age', async () => {
    let now = 0;
    const cache = new ResponseCache<Filter, number>(2, 1000, () => now);
    let reads = 0;
    const read = () => new Promise<number>((r) => setImmediate(() => r(++reads)));
    expect(await Promise.all([cache.get('a', {}, read), cache.get('a', {}, read)])).toEqual([1, 1]);
    await expect(cache.get('b', {}, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('b', {}, read)).toBe(2);
    expect(await cache.get('c', {}, read)).toBe(3);
    expect(cache.size).toBe(2);
    expect(await cache.get('a', {}, read)).toBe(4);
    now = 1001;
    expect(await cache.get('c', {}, read)).toBe(5);
    cache.changed();
    expect(cache.size).toBe(0);
  });
});

describe('ResponseCache filled from elsewhere', () => {
  it('keeps a value only if no change was seen since its fill began', () => {
    const cache = new ResponseCache<Filter, string>(10, 60_000);
    const early = cache.begin();
    cache.changed(touches('b'));
    expect(cache.put(early, 'a', { ward: 'a' }, 'stale')).toBe(false);
    expect(cache.peek('a')).toBeUndefined();
    const late = cache.begin();
    expect(cache.put(late, 'a', { ward: 'a' }, 'fresh')).toBe(true);
    expect(cache.peek('a')).toBe('fresh');
    cache.changed(touches('a'));
    expect(cache.peek('a')).toBeUndefined();
  });

  it('pushes out the least recently used entry and ages entries from the start of their fill', () => {
    let now = 0;
    const cache = new ResponseCache<Filter, string>(2, 1000, () => now);
    const fill = cache.begin();
    now = 600;
    cache.put(fill, 'a', {}, 'A');
    cache.put(cache.begin(), 'b', {}, 'B');
    expect(cache.peek('a')).toBe('A');
    cache.put(cache.begin(), 'c', {}, 'C');
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.peek('a')).toBe('A');
    now = 1001;
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('c')).toBe('C');
    expect(cache.size).toBe(1);
  });
});
