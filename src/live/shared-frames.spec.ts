import { createSourceEventStream, GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionArgs } from 'graphql';
import { EventBus, type BusMessage, type PublishOutcome } from '../outbox/event-bus';
import type { CoalescingIterator } from './coalescing-queue';
import { LiveFeed } from './live-feed';
import { BoundedInterner, FrameStream, SharedExecution, sharingKey } from './shared-frames';

interface Counts {
  ward: string;
  seq: number;
  free: number;
}

/** Pub/sub in memory: publish delivers to this process's handlers at once. */
class MemoryBus extends EventBus {
  publish(topic: string, payload: object): Promise<void> {
    this.deliver(this.prefix + topic, JSON.stringify(payload));
    return Promise.resolve();
  }
  async publishMany(messages: readonly BusMessage[]): Promise<PublishOutcome> {
    for (const m of messages) await this.publish(m.topic, m.payload);
    return { published: messages.length };
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  protected listen(): Promise<void> {
    return Promise.resolve();
  }
  protected unlisten(): Promise<void> {
    return Promise.resolve();
  }
}

const QUERY = 'subscription($w: String) { counts(ward: $w) { ward seq free } }';
const tick = () => new Promise((r) => setImmediate(r));

function setup() {
  const bus = new MemoryBus('test:');
  const table: Counts[] = [
    { ward: 'A', seq: 1, free: 10 },
    { ward: 'B', seq: 1, free: 20 },
  ];
  let reads = 0;
  const feed = new LiveFeed<Counts>(bus, {
    topic: 'counts',
    parse: (raw) => raw as Counts,
    keyOf: (c) => c.ward,
    seqOf: (c) => BigInt(c.seq),
    current: () => Promise.resolve(table),
  });
  const CountsType = new GraphQLObjectType({
    name: 'Counts',
    fields: {
      ward: { type: new GraphQLNonNull(GraphQLString) },
      seq: { type: new GraphQLNonNull(GraphQLInt) },
      free: { type: new GraphQLNonNull(GraphQLInt) },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        counts: {
          type: CountsType,
          args: { ward: { type: GraphQLString } },
          subscribe: (_root, args: { ward?: string }) => {
            const matches = (c: Counts) => !args.ward || c.ward === args.ward;
            return feed.open(matches, {
              key: args.ward ?? '',
              read: () => {
                reads++;
                return Promise.resolve(table.filter(matches).map((c) => ({ ...c })));
              },
            });
          },
          resolve: (value: Counts) => value,
        },
      },
    }),
  });
  const shared = new SharedExecution((r) => r);
  let nextId = 1;

  /** A subscriber as the WebSocket path serves it; `slow` holds each frame until released. */
  const subscribe = async (variables: Record<string, unknown>, slow = false) => {
    const args: ExecutionArgs = { schema, document: parse(QUERY), variableValues: variables };
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) throw new Error(JSON.stringify(source));
    const id = String(nextId++);
    const frames: { id: string; type: string; payload: { data: { counts: Counts } } }[] = [];
    const held: (() => void)[] = [];
    const sink = {
      write: (frame: string) => {
        frames.push(JSON.parse(frame) as (typeof frames)[number]);
        return slow ? new Promise<void>((resolve) => held.push(resolve)) : undefined;
      },
    };
    const key = shared.keys.intern(sharingKey(QUERY, undefined, variables, ''));
    const stream = new FrameStream(source as CoalescingIterator<unknown>, FrameStream.prefixFor(id), key, args, shared, sink);
    const ended = stream.next();
    return {
      id,
      frames,
      counts: () => frames.map((f) => f.payload.data.counts),
      release: () => held.splice(0).forEach((r) => r()),
      stop: () => stream.return(),
      ended,
    };
  };
  const change = async (ward: string, seq: number, free: number) => {
    const row = table.find((c) => c.ward === ward)!;
    Object.assign(row, { seq, free });
    await bus.publish('counts', { ward, seq, free });
    await tick();
  };
  return { bus, feed, schema, shared, subscribe, change, reads: () => reads };
}

describe('shared execution of live subscriptions', () => {
  it('gives two subscribers of the same document with different variables only their own rows, each in a graphql-ws next frame', async () => {
    const s = setup();
    await s.feed.start();
    const a = await s.subscribe({ w: 'A' });
    const b = await s.subscribe({ w: 'B' });
    await tick();
    await s.change('A', 2, 9);
    await s.change('B', 2, 19);
    expect(a.counts()).toEqual([
      { ward: 'A', seq: 1, free: 10 },
      { ward: 'A', seq: 2, free: 9 },
    ]);
    expect(b.counts()).toEqual([
      { ward: 'B', seq: 1, free: 20 },
      { ward: 'B', seq: 2, free: 19 },
    ]);
    expect(a.frames.every((f) => f.id === a.id && f.type === 'next')).toBe(true);
    expect(b.frames.every((f) => f.id === b.id && f.type === 'next')).toBe(true);
  });

  it('executes once per change and distinct variables, however many subscribers, and reads each view once', async () => {
    const s = setup();
    await s.feed.start();
    const sameA = await Promise.all([s.subscribe({ w: 'A' }), s.subscribe({ w: 'A' }), s.subscribe({ w: 'A' })]);
    const onlyB = await s.subscribe({ w: 'B' });
    await tick();
    // The first state: one execution for A's row, one for B's; one database read per view.
    expect(s.shared.executions).toBe(2);
    expect(s.reads()).toBe(2);
    for (let seq = 2; seq <= 6; seq++) await s.change('A', seq, 10 - seq);
    expect(s.shared.executions).toBe(2 + 5);
    for (const sub of sameA) expect(sub.counts().map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(onlyB.counts()).toEqual([{ ward: 'B', seq: 1, free: 20 }]);

    // A later subscriber's first state is the feed's latest, from memory: no read, no execution.
    const late = await s.subscribe({ w: 'A' });
    await tick();
    expect(late.counts()).toEqual([{ ward: 'A', seq: 6, free: 4 }]);
    expect(s.reads()).toBe(2);
    expect(s.shared.executions).toBe(7);
  });

  it('coalesces a slow reader to the latest counts without holding up the others, and never goes back in seq', async () => {
    const s = setup();
    await s.feed.start();
    const fast = await s.subscribe({ w: 'A' });
    const slow = await s.subscribe({ w: 'A' }, true);
    await tick();
    expect(slow.counts().map((c) => c.seq)).toEqual([1]);
    for (let seq = 2; seq <= 10; seq++) await s.change('A', seq, 20 - seq);
    // An event older than one already sent is dropped (a re-read after a reconnect, say).
    await s.change('A', 7, 13);
    expect(fast.counts().map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(slow.counts().map((c) => c.seq)).toEqual([1]);
    slow.release();
    await tick();
    expect(slow.counts().map((c) => c.seq)).toEqual([1, 10]);
    expect(slow.counts()[1]).toEqual({ ward: 'A', seq: 10, free: 10 });
  });

  it("ends the subscriber's source when a write fails, so a destroyed socket leaves no subscription behind", async () => {
    const s = setup();
    await s.feed.start();
    const args: ExecutionArgs = { schema: s.schema, document: parse(QUERY), variableValues: { w: 'A' } };
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) throw new Error(JSON.stringify(source));
    const stream = new FrameStream(source as CoalescingIterator<unknown>, FrameStream.prefixFor('1'), 'k', args, s.shared, {
      write: () => Promise.reject(new Error('socket destroyed')),
    });
    await expect(stream.next()).rejects.toThrow('socket destroyed');
    expect(s.feed.size).toBe(0);
  });

  it('ends the stream when the subscriber completes and forgets a view when its last subscriber leaves', async () => {
    const s = setup();
    await s.feed.start();
    const a = await s.subscribe({ w: 'A' });
    await tick();
    expect(s.feed.snapshotSize).toBe(1);
    await a.stop();
    expect(await a.ended).toEqual({ value: undefined, done: true });
    expect(s.feed.size).toBe(0);
    expect(s.feed.snapshotSize).toBe(0);
    await s.change('A', 2, 9);
    expect(a.counts().map((c) => c.seq)).toEqual([1]);
    // Watched again: read again.
    const again = await s.subscribe({ w: 'A' });
    await tick();
    expect(again.counts()).toEqual([{ ward: 'A', seq: 2, free: 9 }]);
    expect(s.reads()).toBe(2);
  });
});

describe('BoundedInterner', () => {
  it('gives back the first copy of an equal string and lets the least recently used go past its bound', () => {
    const interner = new BoundedInterner(2);
    const a = interner.intern(['k', 'a'].join(''));
    expect(interner.intern(['k', 'a'].join(''))).toBe(a);
    interner.intern('kb');
    interner.intern('ka');
    interner.intern('kc');
    expect(interner.size).toBe(2);
    expect(interner.intern('ka')).toBe(a);
  });
});
