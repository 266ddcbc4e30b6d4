import { buildSchema, GraphQLError, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { DocumentCache, validatedOnce } from './document-cache';

const A = 'subscription { a }';
const B = 'subscription { b }';

describe('DocumentCache', () => {
  it('gives the same tree for the same text and a new one for another', () => {
    const cache = new DocumentCache(10, 1000, 100);
    expect(cache.parse(A)).toBe(cache.parse(A));
    expect(cache.parse(B)).not.toBe(cache.parse(A));
  });

  it('keeps at most its number of texts, dropping the least recently used', () => {
    const cache = new DocumentCache(2, 1000, 100);
    const a = cache.parse(A);
    const b = cache.parse(B);
    cache.parse(A); // A is now the most recent
    cache.parse('subscription { c }');
    expect(cache.size).toBe(2);
    expect(cache.parse(A)).toBe(a);
    expect(cache.parse(B)).not.toBe(b);
  });

  it('does not keep long texts, and refuses what parse refuses every time', () => {
    const cache = new DocumentCache(10, 10, 100);
    expect(cache.parse(A)).not.toBe(cache.parse(A));
    expect(cache.size).toBe(0);
    const strict = new DocumentCache(10, 1000, 3);
    expect(() => strict.parse(A)).toThrow(GraphQLError);
    expect(() => strict.parse(A)).toThrow(/more that 3 tokens/);
    expect(() => strict.parse('subscription {')).toThrow(GraphQLError);
    expect(strict.size).toBe(0);
  });
});

describe('validatedOnce', () => {
  const schema = buildSchema('type Query { a: Int } type Subscription { a: Int b: Int }');
  it('validates a tree once per schema and gives the same errors again', () => {
    const cache = new DocumentCache(10, 1000, 100);
    let runs = 0;
    const counted = validatedOnce((s: GraphQLSchema, d: DocumentNode) => {
      runs++;
      return validate(s, d);
    });
    const bad = cache.parse('subscription { nope }');
    expect(counted(schema, bad)).toHaveLength(1);
    expect(counted(schema, bad)).toHaveLength(1);
    expect(counted(schema, cache.parse(A))).toHaveLength(0);
    expect(runs).toBe(2);
    // Another schema (a reload) validates again.
    expect(counted(buildSchema('type Query { a: Int } type Subscription { b: Int }'), cache.parse(A))).toHaveLength(1);
    expect(runs).toBe(3);
  });
});
