import { execute, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult } from 'graphql';

/**
 * What a subscription's result for one event depends on besides the event: the document, the
 * operation, the variables, and who asks (so a field that ever reads the viewer stays right).
 * Subscribers with the same key get the same bytes.
 */
export function sharingKey(query: string, operationName: string | null | undefined, variables: unknown, viewer: string): string {
  return `${viewer}\u0000${operationName ?? ''}\u0000${JSON.stringify(variables ?? null)}\u0000${query}`;
}

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

/**
 * One subscription's stream to its socket. It pulls its events from the subscriber's own
 * (filtered, coalescing) source and writes each as a graphql-ws `next` frame built from the
 * shared payload; it pulls the next event only once the socket took the previous frame, so a
 * slow reader's events coalesce in its queue and nobody else waits for it. To graphql-ws it is
 * an iterator that never yields and ends when the source does: graphql-ws still sends the
 * `complete` and `error` messages and ends it on the client's `complete` or a close.
 */
export class FrameStream implements AsyncIterableIterator<never> {
  private started = false;
  private closed = false;
  private settle!: { resolve: (r: Done) => void; reject: (e: unknown) => void };
  private readonly ended = new Promise<Done>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(
    private readonly source: AsyncIterator<unknown>,
    /** `{"id":<id>,"type":"next","payload":` */
    private readonly prefix: string,
    private readonly payloadOf: (event: unknown) => string | Promise<string>,
    /**
     * Writes a frame. Nothing (no promise) when the socket took it at once, as it does for a
     * reader who keeps up; otherwise resolves once it has (or is no longer open).
     */
    private readonly send: (frame: string) => Promise<void> | void,
  ) {}

  static prefixFor(id: string): string {
    return `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  }

  next(): Promise<IteratorResult<never>> {
    if (!this.started) {
      this.started = true;
      this.pump().then(
        () => this.settle.resolve(DONE),
        (err: unknown) => this.settle.reject(err),
      );
    }
    return this.ended;
  }

  private async pump(): Promise<void> {
    try {
      while (!this.closed) {
        const step = await this.source.next();
        if (step.done || this.closed) return;
        const payload = this.payloadOf(step.value);
        const text = typeof payload === 'string' ? payload : await payload;
        if (this.closed) return;
        const written = this.send(this.prefix + text + '}');
        if (written) await written;
      }
    } finally {
      // A failed write (the socket was destroyed) ends the subscriber's source too: graphql-ws
      // forgets a stream that failed, so it would not end it on close.
      if (!this.closed) {
        this.closed = true;
        void this.source.return?.();
      }
    }
  }

  return(): Promise<Done> {
    if (!this.closed) {
      this.closed = true;
      void this.source.return?.();
      this.settle.resolve(DONE);
    }
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
