import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { TypedDocumentString } from '../src/gql/graphql';
import { REQUEST_DEADLINE_MS, RequestError, request } from '../src/shared/graphql';

const QUERY = { toString: () => '{ ping }' } as unknown as TypedDocumentString<{ ping: string }, Record<string, never>>;
const realFetch = globalThis.fetch;

/** A fetch that never answers but honours its abort signal, as a stalled link does. */
function stalledFetch(): typeof fetch {
  return ((_url: unknown, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    })) as typeof fetch;
}

describe('request deadline', () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
    jest.useRealTimers();
  });

  it('ends a request the server never answers with NO_ANSWER once the deadline passes', async () => {
    jest.useFakeTimers();
    globalThis.fetch = stalledFetch();
    let outcome: unknown = 'pending';
    const sent = request(QUERY, {}, null).catch((e: unknown) => (outcome = e));
    await jest.advanceTimersByTimeAsync(REQUEST_DEADLINE_MS - 1);
    expect(outcome).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    await sent;
    expect(outcome).toBeInstanceOf(RequestError);
    expect((outcome as RequestError).code).toBe('NO_ANSWER');
  });

  it('keeps NETWORK for a link that fails at once, and the server’s code for a refusal', async () => {
    globalThis.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    await expect(request(QUERY, {}, null)).rejects.toMatchObject({ code: 'NETWORK' });
    globalThis.fetch = (() =>
      Promise.resolve(new Response(JSON.stringify({ errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }), { status: 200 }))) as typeof fetch;
    await expect(request(QUERY, {}, null)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    globalThis.fetch = (() => Promise.resolve(new Response(JSON.stringify({ data: { ping: 'pong' } }), { status: 200 }))) as typeof fetch;
    await expect(request(QUERY, {}, null)).resolves.toEqual({ ping: 'pong' });
  });
});
