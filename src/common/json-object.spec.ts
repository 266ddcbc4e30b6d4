import { jsonObjectOf } from './json-object';

describe('jsonObjectOf', () => {
  it('gives the object a text holds', () => {
    expect(jsonObjectOf('{"type":"ping","payload":{"a":[1]}}')).toEqual({ type: 'ping', payload: { a: [1] } });
    expect(jsonObjectOf(' {} ')).toEqual({});
  });

  it('gives null for what is not JSON or not an object', () => {
    for (const text of ['', '{"a":', 'not json', '42', '"x"', 'null', 'true', '[]', '[{"a":1}]']) expect(jsonObjectOf(text)).toBeNull();
  });
});
