import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseJsonBody, PublicAnswerFrontDoor, type FrontDoorParts } from './public-answer-front-door';

describe('parseJsonBody (the JSON body parser, strict, for the bodies the front door reads)', () => {
  it('takes an object or an array, with leading white space or a byte-order mark', () => {
    expect(parseJsonBody('{"query":"{ a }"}')).toEqual({ ok: true, value: { query: '{ a }' } });
    expect(parseJsonBody(' \n\t[1]')).toEqual({ ok: true, value: [1] });
    expect(parseJsonBody('\ufeff{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it.each([['"text"'], ['42'], ['null'], ['true'], ['   '], ['{"query": '], ['{"a":1} x']])('refuses %j with a 400 SyntaxError, as the parser does', (text) => {
    const parsed = parseJsonBody(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toBeInstanceOf(SyntaxError);
    expect(parsed.error).toMatchObject({ status: 400, statusCode: 400, type: 'entity.parse.failed' });
  });
});

describe('PublicAnswerFrontDoor', () => {
  const BODY = JSON.stringify({ query: '{ availability { total } }' });
  const kept = { headers: [['content-type', 'application/json; charset=utf-8']] as [string, string][], body: Buffer.from('{"data":{"kept":true}}') };

  /** A server of the front door in front of an app that answers "app"; resolves the answer to one POST. */
  async function serve(parts: Partial<FrontDoorParts>, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    const door = new PublicAnswerFrontDoor({
      answers: { kept: () => kept, replay: (answer, res) => res.end(answer.body) },
      bodyLimitBytes: 100 * 1024,
      admit: () => true,
      prepare: () => undefined,
      ...parts,
    });
    const server = createServer(door.listener((req, res) => res.end(`app ${JSON.stringify((req as { body?: unknown }).body ?? null)}`)));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: BODY,
      });
      return { status: res.status, body: await res.text() };
    } finally {
      await new Promise((done) => server.close(done));
    }
  }

  it('answers a kept request itself, and hands the rest on with the body parsed', async () => {
    expect((await serve({})).body).toBe('{"data":{"kept":true}}');
    expect((await serve({ answers: { kept: () => undefined, replay: () => undefined } })).body).toBe(`app ${BODY}`);
    expect((await serve({ admit: () => false })).body).toBe(`app ${BODY}`);
    // Credentials are never answered from memory; the body is left for the app to read.
    expect((await serve({}, { authorization: 'Bearer x' })).body).toBe('app null');
  });

  it('hands the request on when its own parts throw, rather than ending the process', async () => {
    const failing = () => {
      throw new Error('limit store gone');
    };
    expect(await serve({ admit: failing })).toEqual({ status: 200, body: `app ${BODY}` });
  });
});
