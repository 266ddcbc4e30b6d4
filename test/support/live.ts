import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface WatchResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A graphql-ws client for the tests: Node's `ws`, optional bearer token, retries forever. */
export function wsClient(baseUrl: string, token?: string): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: Number.MAX_SAFE_INTEGER,
    retryWait: () => new Promise((r) => setTimeout(r, 200)),
    shouldRetry: () => true,
  });
}

/** Collects one subscription's messages so a test can wait for what it expects. */
export class Watch<T> {
  readonly results: WatchResult<T>[] = [];
  error: unknown = null;
  completed = false;
  private readonly waiters = new Set<() => void>();
  private readonly dispose: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown> = {}) {
    this.dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (r) => this.record(() => this.results.push(r as WatchResult<T>)),
        error: (e) => this.record(() => (this.error = e)),
        complete: () => this.record(() => (this.completed = true)),
      },
    );
  }

  /** The data of every message without errors. */
  get data(): T[] {
    return this.results.filter((r) => !r.errors && r.data).map((r) => r.data as T);
  }

  /** The first error code, from a result's errors or from an error message (an array of errors). */
  get errorCode(): string | undefined {
    const fromResult = this.results.find((r) => r.errors)?.errors?.[0]?.extensions?.code;
    if (fromResult) return fromResult;
    if (Array.isArray(this.error)) return (this.error[0] as { extensions?: { code?: string } })?.extensions?.code;
    return undefined;
  }

  async until(done: (w: this) => boolean, what: string, timeoutMs = 15000): Promise<void> {
    if (done(this)) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done(this)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(this.results).slice(-600)} error=${String(this.error)}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  close(): void {
    this.dispose();
  }

  private record(change: () => void): void {
    change();
    for (const w of [...this.waiters]) w();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
