import { execute, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import type { CoalescingIterator, Waker } from './coalescing-queue';

/**
 * What a subscription's result for one event depends on besides the event: the document, the
 * operation, the variables, and who asks (so a field that ever reads the viewer stays right).
 * Subscribers with the same key get the same bytes.
 */
export function sharingKey(query: string, operationName: string | null | undefined, variables: unknown, viewer: string): string {
  return `${viewer}\u0000${operationName ?? ''}\u0000${JSON.stringify(variables ?? null)}\u0000${query}`;
}

/**
 * One copy of each string kept, for strings that thousands of subscribers build alike (their
 * sharing keys): a subscriber keeps the kept copy and lets its own go. Bounded, least recently
 * used first out; a string that was let out still works, it is only no longer shared.
 */
export class BoundedInterner {
  private readonly kept = new Map<string, string>();

  constructor(private readonly maxEntries: number) {}

  intern(text: string): string {
    const known = this.kept.get(text);
    if (known !== undefined) {
      // Re-inserted: a Map keeps insertion order, so the first key is the least recently used.
      this.kept.delete(known);
      this.kept.set(known, known);
      return known;
    }
    if (this.kept.size >= this.maxEntries) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(text, text);
    return text;
  }

  get size(): number {
    return this.kept.size;
  }
}

/** Distinct sharing keys kept as one copy each. */
const SHARED_KEYS = 1000;

/**
 * Executes a subscription's selection set once per event and sharing key, and keeps the
 * serialised `payload` of the graphql-ws `next` message beside the event, so every other
 * subscriber of the same key writes the same string. Events are the feed's own objects, handed
 * unchanged to every subscriber, so the memo lives exactly as long as the event does.
 */
export class SharedExecution {
  private readonly memo = new WeakMap<object, Map<string, string | Promise<string>>>();
  /** Executions so far: one per event and distinct sharing key, however many subscribers. */
  executions = 0;
  /** The subscribers' sharing keys, one copy of each. */
  readonly keys = new BoundedInterner(SHARED_KEYS);

  constructor(private readonly format: (result: ExecutionResult) => ExecutionResult | FormattedExecutionResult) {}

  payload(event: unknown, key: string, args: ExecutionArgs): string | Promise<string> {
    if (typeof event !== 'object' || event === null) return this.run(event, args);
    let byKey = this.memo.get(event);
    if (!byKey) this.memo.set(event, (byKey = new Map<string, string | Promise<string>>()));
    let payload = byKey.get(key);
    if (payload === undefined) {
      payload = this.run(event, args);
      byKey.set(key, payload);
      if (typeof payload !== 'string') payload.then((text) => byKey.set(key, text)).catch(() => byKey.delete(key));
    }
    return payload;
  }

  private run(event: unknown, args: ExecutionArgs): string | Promise<string> {
    this.executions++;
    // As graphql's own subscribe does: the event is the root value of an ordinary execution.
    const result = execute({ ...args, rootValue: event });
    if (result instanceof Promise) return result.then((r) => JSON.stringify(this.format(r)));
    return JSON.stringify(this.format(result));
  }
}

type Done = IteratorReturnResult<undefined>;
const DONE: Done = { value: undefined, done: true };

/** Where a connection's frames go. */
export interface FrameSink {
  /**
   * Writes a frame. Nothing (no promise) when the socket took it at once, as it does for a
   * reader who keeps up; otherwise resolves once it has (or is no longer open).
   */
  write(frame: string): Promise<void> | void;
}

/**
 * One subscription's stream to its socket. It takes its events from the subscriber's own
 * (filtered, coalescing) source and writes each as a graphql-ws `next` frame built from the
 * shared payload; it takes the next event only once the socket took the previous frame, so a
 * slow reader's events coalesce in its queue and nobody else waits for it. While it waits for
 * events it holds no promise and no suspended function: the source wakes it (there are as many
 * streams as subscribers). To graphql-ws it is an iterator that never yields and ends when the
 * source does: graphql-ws still sends the `complete` and `error` messages and ends it on the
 * client's `complete` or a close.
 */
export class FrameStream implements AsyncIterableIterator<never>, Waker {
  private started = false;
  private closed = false;
  /** A frame is being made or written: the source's wake-ups wait for it. */
  private busy = false;
  private resolveEnded!: (r: Done) => void;
  private rejectEnded!: (e: unknown) => void;
  private readonly ended = new Promise<Done>((resolve, reject) => {
    this.resolveEnded = resolve;
    this.rejectEnded = reject;
  });

  constructor(
    private readonly source: CoalescingIterator<unknown>,
    /** `{"id":<id>,"type":"next","payload":` */
    private readonly prefix: string,
    /** The subscription's sharing key (sharingKey) and execution arguments. */
    private readonly key: string,
    private readonly args: ExecutionArgs,
    private readonly shared: SharedExecution,
    private readonly sink: FrameSink,
  ) {}

  static prefixFor(id: string): string {
    return `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  }

  next(): Promise<IteratorResult<never>> {
    if (!this.started) {
      this.started = true;
      this.pump();
    }
    return this.ended;
  }

  wake(): void {
    if (this.started && !this.busy) this.pump();
  }

  /** Writes frames while events wait and the socket takes them at once. */
  private pump(): void {
    this.busy = true;
    try {
      for (;;) {
        const event = this.closed ? undefined : this.source.poll(this);
        if (event === undefined) {
          this.busy = false;
          // Woken again when an event comes; an ended source ends the stream.
          if (this.closed || this.source.isClosed) this.finish();
          return;
        }
        const payload = this.shared.payload(event, this.key, this.args);
        if (typeof payload !== 'string') {
          payload.then(
            (text) => this.write(text) && this.pump(),
            (err: unknown) => this.fail(err),
          );
          return;
        }
        if (!this.write(payload)) return;
      }
    } catch (err) {
      this.fail(err);
    }
  }

  /** True when the socket took the frame at once; else pumping goes on once it has. */
  private write(text: string): boolean {
    if (this.closed) {
      this.finish();
      return false;
    }
    const written = this.sink.write(this.prefix + text + '}');
    if (!written) return true;
    written.then(
      () => this.pump(),
      (err: unknown) => this.fail(err),
    );
    return false;
  }

  private finish(): void {
    this.close();
    this.resolveEnded(DONE);
  }

  /**
   * A failed write (the socket was destroyed) ends the subscriber's source too: graphql-ws
   * forgets a stream that failed, so it would not end it on close.
   */
  private fail(err: unknown): void {
    this.busy = false;
    this.close();
    this.rejectEnded(err);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.source.return();
  }

  return(): Promise<Done> {
    this.finish();
    return Promise.resolve(DONE);
  }

  throw(error: unknown): Promise<never> {
    void this.return();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<never> {
    return this;
  }
}

/**
 * Server-Sent Event frames (`event: <name>` and one `data:` line of JSON), built once per event
 * object: every stream of the same feed writes the same string. The feed hands its own objects
 * unchanged to every subscriber, so the memo lives as long as the event does.
 */
export class SharedEventFrames<T extends object> {
  private readonly memo = new WeakMap<T, string>();
  /** Frames built so far: one per event, however many streams. */
  encodings = 0;

  constructor(
    private readonly event: string,
    /** What of a value goes out: the public fields only. */
    private readonly project: (value: T) => unknown,
  ) {}

  frame(value: T): string {
    let text = this.memo.get(value);
    if (text === undefined) {
      this.encodings++;
      // JSON.stringify escapes line breaks inside strings, so the data stays on one line.
      text = `event: ${this.event}\ndata: ${JSON.stringify(this.project(value))}\n\n`;
      this.memo.set(value, text);
    }
    return text;
  }
}
