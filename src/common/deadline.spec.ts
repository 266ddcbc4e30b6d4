import { DeadlineError, withDeadline } from './deadline';

describe('withDeadline', () => {
  it('passes the value of work that answers in time', async () => {
    await expect(withDeadline(Promise.resolve(7), 100, 'x')).resolves.toBe(7);
  });

  it('passes the failure of work that fails in time', async () => {
    await expect(withDeadline(Promise.reject(new Error('boom')), 100, 'x')).rejects.toThrow('boom');
  });

  it('rejects with a DeadlineError naming the call when the work hangs', async () => {
    const started = Date.now();
    const hang = new Promise<number>(() => undefined);
    const err = await withDeadline(hang, 50, 'queue add').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineError);
    expect((err as Error).message).toBe('queue add: no answer within 50 ms');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('leaves no unhandled rejection when the work fails after the deadline', async () => {
    let fail: (e: Error) => void = () => undefined;
    const work = new Promise<number>((_, reject) => (fail = reject));
    await expect(withDeadline(work, 10, 'x')).rejects.toBeInstanceOf(DeadlineError);
    let unhandledCount = 0;
    const unhandled = () => (unhandledCount += 1);
    process.on('unhandledRejection', unhandled);
    fail(new Error('late'));
    await new Promise((r) => setTimeout(r, 20));
    process.off('unhandledRejection', unhandled);
    expect(unhandledCount).toBe(0);
  });
});
