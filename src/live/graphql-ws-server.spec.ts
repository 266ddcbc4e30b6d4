import { parsedMessage } from './graphql-ws-server';

describe('parsedMessage', () => {
  const marked = (query: string) => `${query} (shared)`;

  it('parses a subscribe and puts the shared copy of its query in it', () => {
    const text = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { a }', variables: { w: 'x' } } });
    expect(parsedMessage(text, marked)).toEqual({ id: '1', type: 'subscribe', payload: { query: 'subscription { a } (shared)', variables: { w: 'x' } } });
  });

  it('parses other messages as they are', () => {
    expect(parsedMessage('{"type":"connection_init","payload":{"authorization":"Bearer t"}}', marked)).toEqual({
      type: 'connection_init',
      payload: { authorization: 'Bearer t' },
    });
    expect(parsedMessage('{"type":"subscribe","id":"1","payload":{"query":7}}', marked)).toEqual({ type: 'subscribe', id: '1', payload: { query: 7 } });
  });

  it('hands on as text what is not JSON or not an object, for graphql-ws to refuse', () => {
    for (const text of ['{"type":', '42', 'null', '"ping"', '', '[{"type":"ping"}]']) expect(parsedMessage(text, marked)).toBe(text);
  });
});
