import { buildSchema, parse, validate } from 'graphql';
import { queryLimitsRule } from './graphql-limits';

const schema = buildSchema(`
  type Node { id: ID! child: Node children(first: Int): [Node!]! }
  type Query { node: Node beds(first: Int): [Node!]! }
`);
const limits = { maxDepth: 6, maxAliases: 3, maxCost: 1000 };
const errors = (q: string) => validate(schema, parse(q), [queryLimitsRule(limits)]).map((e) => e.message);

describe('GraphQL query limits', () => {
  it('lets an ordinary query through', () => {
    expect(errors('{ node { id child { id } } beds(first: 10) { id } }')).toEqual([]);
  });

  it('refuses a query nested deeper than allowed, counting the operation level', () => {
    expect(errors('{ node { child { child { child { child { id } } } } } }')).toEqual([]);
    expect(errors('{ node { child { child { child { child { child { id } } } } } } }')[0]).toMatch(/nested 7 levels deep; at most 6/);
  });

  it('counts depth through fragments', () => {
    const q = 'query { node { ...A } } fragment A on Node { child { child { child { child { child { id } } } } } }';
    expect(errors(q)[0]).toMatch(/nested/);
  });

  it('refuses too many aliases', () => {
    expect(errors('{ a: node { id } b: node { id } c: node { id } }')).toEqual([]);
    expect(errors('{ a: node { id } b: node { id } c: node { id } d: node { id } }')[0]).toMatch(/4 aliases; at most 3/);
  });

  it('multiplies list costs by first, or 50 for a list that does not say; single objects count once', () => {
    expect(errors('{ node { child { child { id } } } }')).toEqual([]);
    expect(errors('{ beds(first: 10) { children(first: 10) { id } } }')).toEqual([]);
    expect(errors('{ beds(first: 100) { children(first: 100) { id } } }')[0]).toMatch(/cost/);
    // A variable `first` is not known when validating: the list counts as 50.
    expect(errors('query($n: Int) { beds(first: $n) { children(first: 30) { id } } }')[0]).toMatch(/cost 1551/);
    expect(errors('{ beds { children { id } } }')[0]).toMatch(/cost 2551/);
  });
});
