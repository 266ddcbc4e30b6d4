import { CoalescingIterator, CoalescingQueue } from './coalescing-queue';

interface Msg {
  key: string;
  seq: number;
  v: string;
}

const queue = () =>
  new CoalescingQueue<Msg>(
    (m) => m.key,
    (m) => BigInt(m.seq),
  );

describe('CoalescingQueue', () => {
  it('keeps one waiting message per key, the newest, in the place of the first', () => {
    const q = queue();
    q.offer({ key: 'a', seq: 1, v: 'a1' });
    q.offer({ key: 'b', seq: 1, v: 'b1' });
    q.offer({ key: 'a', seq: 2, v: 'a2' });
    expect(q.size).toBe(2);
    expect(q.take()?.v).toBe('a2');
    expect(q.take()?.v).toBe('b1');
    expect(q.take()).toBeUndefined();
  });

  it('never accepts an older or equal seq after a newer one, even once taken', () => {
    const q = queue();
    expect(q.offer({ key: 'a', seq: 5, v: 'a5' })).toBe(true);
    expect(q.take()?.v).toBe('a5');
    expect(q.offer({ key: 'a', seq: 4, v: 'a4' })).toBe(false);
    expect(q.offer({ key: 'a', seq: 5, v: 'a5 again' })).toBe(false);
    expect(q.size).toBe(0);
    expect(q.offer({ key: 'a', seq: 6, v: 'a6' })).toBe(true);
  });

  it('compares seq as integers beyond 2^53', () => {
    const q = new CoalescingQueue<{ seq: string }>(
      () => 'k',
      (m) => BigInt(m.seq),
    );
    expect(q.offer({ seq: '9007199254740993' })).toBe(true);
    expect(q.offer({ seq: '9007199254740992' })).toBe(false);
  });
});

describe('CoalescingIterator', () => {
  it('hands a waiting consumer the next message, coalesces while it is busy, and ends on return', async () => {
    let closed = 0;
    const it = new (class extends CoalescingIterator<Msg> {
      protected override onClose(): void {
        closed++;
      }
    })(queue());
    const first = it.next();
    it.push({ key: 'a', seq: 1, v: 'a1' });
    expect((await first).value?.v).toBe('a1');
    it.push({ key: 'a', seq: 2, v: 'a2' });
    it.push({ key: 'a', seq: 3, v: 'a3' });
    it.push({ key: 'a', seq: 2, v: 'stale' });
    expect((await it.next()).value?.v).toBe('a3');
    const waiting = it.next();
    await it.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await it.next()).toEqual({ value: undefined, done: true });
    await it.return();
    expect(closed).toBe(1);
  });
});

describe('CoalescingQueue beyond its first key', () => {
  it('keeps the order keys began waiting in when the first key is taken and offered again', () => {
    const q = queue();
    q.offer({ key: 'a', seq: 1, v: 'a1' });
    expect(q.take()?.v).toBe('a1');
    q.offer({ key: 'b', seq: 1, v: 'b1' });
    q.offer({ key: 'a', seq: 2, v: 'a2' });
    q.offer({ key: 'b', seq: 2, v: 'b2' });
    expect(q.offer({ key: 'a', seq: 1, v: 'stale' })).toBe(false);
    expect(q.offer({ key: 'b', seq: 1, v: 'stale' })).toBe(false);
    expect(q.size).toBe(2);
    expect(q.take()?.v).toBe('b2');
    expect(q.take()?.v).toBe('a2');
    expect(q.take()).toBeUndefined();
  });
});
