import { parseJsonBody } from './public-answer-front-door';

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
