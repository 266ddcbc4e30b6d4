import { answerScope, isCleanAnswer, MAX_ANSWER_CHARS, publicRequest, touchedBy, type PublicRequest } from './public-answer';

const QUERY = 'query($h: String) { availability(hospitalCode: $h) { wardId available } }';
const JSON_HEADERS = { 'content-type': 'application/json' };
const post = (body: unknown, headers: Record<string, string> = JSON_HEADERS) => publicRequest('POST', headers, body);
const request = (query: string, variables: Record<string, string | number | boolean | null> = {}, operationName: string | null = null): PublicRequest =>
  post({ query, variables, operationName })!;

describe('publicRequest', () => {
  it('keys the exact request: query, operation, variables in any order, and what Apollo negotiates on', () => {
    const a = post({ query: QUERY, variables: { h: 'RS', x: 1 } })!;
    expect(a.key).toBe(post({ variables: { x: 1, h: 'RS' }, query: QUERY })!.key);
    expect(a.variables).toEqual({ h: 'RS', x: 1 });
    const others = [
      post({ query: QUERY, variables: { h: 'RS2', x: 1 } }),
      post({ query: QUERY, variables: { h: 'RS', x: '1' } }),
      post({ query: QUERY + ' ', variables: { h: 'RS', x: 1 } }),
      post({ query: QUERY, variables: { h: 'RS', x: 1 }, operationName: 'Q' }),
      post({ query: QUERY, variables: { h: 'RS', x: 1 } }, { ...JSON_HEADERS, accept: 'application/graphql-response+json' }),
      post({ query: QUERY, variables: { h: 'RS', x: 1 } }, { 'content-type': 'application/json; charset=utf-8' }),
    ];
    for (const other of others) expect(other!.key).not.toBe(a.key);
    // Name and value cannot run into each other.
    expect(post({ query: QUERY, variables: { 'h":"a': 'b' } })!.key).not.toBe(post({ query: QUERY, variables: { h: 'a":"b' } })!.key);
  });

  it('takes no request with credentials, nor anything but a plain POST of a query with scalar variables', () => {
    const body = { query: QUERY, variables: { h: 'RS' } };
    expect(publicRequest('POST', { ...JSON_HEADERS, authorization: 'Bearer x' }, body)).toBeNull();
    // Any Authorization header is a credential the service reads, even an empty or a malformed one.
    expect(publicRequest('POST', { ...JSON_HEADERS, authorization: '' }, body)).toBeNull();
    expect(publicRequest('GET', JSON_HEADERS, body)).toBeNull();
    expect(post(undefined)).toBeNull();
    expect(post([body])).toBeNull();
    expect(post({ query: 1 })).toBeNull();
    expect(post({ query: QUERY, operationName: 5 })).toBeNull();
    expect(post({ query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } })).toBeNull();
    expect(post({ query: QUERY, variables: { h: { nested: true } } })).toBeNull();
    expect(post({ query: QUERY, variables: { h: ['RS'] } })).toBeNull();
    expect(post({ query: QUERY, variables: ['RS'] })).toBeNull();
    expect(post({ query: 'x'.repeat(MAX_ANSWER_CHARS) })).toBeNull();
    expect(post({ query: QUERY })).not.toBeNull();
    expect(post({ query: QUERY, variables: null, operationName: null })).not.toBeNull();
  });
});

describe('answerScope', () => {
  it('keeps queries of availability and hospitals only, with the filters of each availability field', () => {
    expect(answerScope(request(QUERY, { h: 'RS' }))).toEqual([{ hospitalCode: 'RS' }]);
    expect(
      answerScope(
        request('{ a: availability(wardId: "W", bedClass: VIP) { available } b: availability { available } hospitals { code wards { name } } __typename }'),
      ),
    ).toEqual([{ wardId: 'W', bedClass: 'VIP' }, {}]);
    expect(answerScope(request('{ hospitals { code } }'))).toEqual([]);
    // A filter the rules cannot read is no filter: the answer is dropped by every change.
    expect(answerScope(request('query($w: ID = "W") { availability(wardId: $w) { available } }'))).toEqual([{}]);
    expect(answerScope(request('{ availability(wardId: 5) { available } }'))).toEqual([{}]);
  });

  it('picks the operation Apollo runs', () => {
    const two = 'query A { hospitals { code } } query B { beds { totalCount } }';
    expect(answerScope(request(two, {}, 'A'))).toEqual([]);
    expect(answerScope(request(two, {}, 'B'))).toBeNull();
    expect(answerScope(request(two))).toBeNull();
    expect(answerScope(request(two, {}, 'C'))).toBeNull();
  });

  it('never keeps mutations, subscriptions, other fields, root fragments or what does not parse', () => {
    for (const query of [
      'mutation { login(username: "a", password: "b") { token } }',
      'subscription { availabilityChanged { available } }',
      '{ availability { available } beds { totalCount } }',
      '{ hospital(code: "RS") { code } }',
      '{ __schema { types { name } } }',
      '{ ...F } fragment F on Query { availability { available } }',
      '{ ... on Query { availability { available } } }',
      '{ availability {',
    ])
      expect(answerScope(request(query))).toBeNull();
  });
});

describe('touchedBy', () => {
  const change = { hospitalCode: 'RS', wardId: 'abc-def', bedClass: 'VIP' };
  it('matches a change to any filter that admits it, ignoring case', () => {
    expect(touchedBy([{}], change)).toBe(true);
    expect(touchedBy([{ hospitalCode: 'RS' }], change)).toBe(true);
    expect(touchedBy([{ wardId: 'ABC-DEF', bedClass: 'VIP' }], change)).toBe(true);
    expect(touchedBy([{ hospitalCode: 'OTHER' }, { bedClass: 'VIP' }], change)).toBe(true);
    expect(touchedBy([{ hospitalCode: 'OTHER' }, { bedClass: 'ICU' }], change)).toBe(false);
    expect(touchedBy([], change)).toBe(false);
  });
});

describe('isCleanAnswer', () => {
  it('is a success with data and without errors', () => {
    expect(isCleanAnswer('{"data":{"availability":[]}}')).toBe(true);
    expect(isCleanAnswer('{"data":{"x":"\\"errors\\""}}')).toBe(true);
    expect(isCleanAnswer('{"errors":[{"message":"x"}],"data":{"availability":null}}')).toBe(false);
    expect(isCleanAnswer('{"data":null}')).toBe(false);
    expect(isCleanAnswer('not json')).toBe(false);
    expect(isCleanAnswer('null')).toBe(false);
  });
});
