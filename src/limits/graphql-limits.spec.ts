import { buildSchema, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, validate } from 'graphql';
import { LIST_SIZE_EXTENSION, queryLimitsRule, validateWithLimits } from './graphql-limits';

const schema = buildSchema(`
  type Node { id: ID! child: Node children(first: Int): [Node!]! }
  type Edge { node: Node! }
  type Connection { edges: [Edge!]! total: Int! }
  type Query { node: Node beds(first: Int): [Node!]! page(first: Int): Connection! }
`);
const limits = { maxDepth: 6, maxAliases: 3, maxCost: 1000 };
const errors = (q: string, s: GraphQLSchema = schema) => validate(s, parse(q), [queryLimitsRule(limits)]).map((e) => e.message);

/** `levels` fragments, each spreading the next one twice: 2^levels paths, `levels` definitions. */
function doublingFragments(levels: number): string {
  let doc = 'query Q { ...F0 }\n';
  for (let i = 0; i < levels - 1; i++) doc += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  return doc + `fragment F${levels - 1} on Query { __typename }\n`;
}

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

  it('refuses too many aliases, also when they come through a fragment spread many times', () => {
    expect(errors('{ a: node { id } b: node { id } c: node { id } }')).toEqual([]);
    expect(errors('{ a: node { id } b: node { id } c: node { id } d: node { id } }')[0]).toMatch(/4 aliases; at most 3/);
    expect(errors('{ node { ...A ...A } } fragment A on Node { x: id y: id }')[0]).toMatch(/4 aliases/);
  });

  it('multiplies list costs by first, or 50 for a list that does not say; single objects count once', () => {
    expect(errors('{ node { child { child { id } } } }')).toEqual([]);
    expect(errors('{ beds(first: 10) { children(first: 10) { id } } }')).toEqual([]);
    expect(errors('{ beds(first: 100) { children(first: 100) { id } } }')[0]).toMatch(/cost/);
    expect(errors('{ beds { children { id } } }')[0]).toMatch(/cost 2551/);
  });

  it('counts a variable `first` as the largest page a resolver serves (200), unknown when validating', () => {
    expect(errors('query($n: Int) { beds(first: $n) { children(first: 5) { id } } }')[0]).toMatch(/cost 1201/);
  });

  it("gives a connection's edges the connection's `first`", () => {
    expect(errors('{ page(first: 10) { total edges { node { id } } } }')).toEqual([]);
    // page 1 + edges 1 + 200 × (node 1 + children 1 + 10 × id 1)
    expect(errors('{ page(first: 200) { edges { node { children(first: 10) { id } } } } }')[0]).toMatch(/cost 2402/);
    // Without `first`, the default page of 50.
    expect(errors('{ page { edges { node { children(first: 20) { id } } } } }')[0]).toMatch(/cost 1102/);
  });

  it('uses the size a list field declares when it has no `first`', () => {
    const node = new GraphQLObjectType({ name: 'Day', fields: { date: { type: GraphQLString } } });
    const report = new GraphQLObjectType({
      name: 'Report',
      fields: { daily: { type: new GraphQLNonNull(new GraphQLList(node)), extensions: { [LIST_SIZE_EXTENSION]: 366 } } },
    });
    const s = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { report: { type: report } } }) });
    const many = Array.from({ length: 3 }, (_, i) => `f${i}: date`).join(' ');
    expect(validate(s, parse(`{ report { daily { ${many} } } }`), [queryLimitsRule(limits)]).map((e) => e.message)[0]).toMatch(/cost 1100/);
  });

  it('measures each fragment once: 60 levels of doubling spreads are refused at once, by their true cost', () => {
    const started = Date.now();
    const found = errors(doublingFragments(60));
    expect(Date.now() - started).toBeLessThan(1000);
    // 2^59 paths to one __typename field.
    expect(found.join(' ')).toMatch(/cost 5\.\d+e\+17|cost 576460752303423500/);
    expect(errors(doublingFragments(5))).toEqual([]);
  });

  it('survives a fragment cycle (graphql-js refuses it in the same pass)', () => {
    expect(() => errors('{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }')).not.toThrow();
  });

  it('gives graphql-js errors and limit errors a stable code for transports that validate by themselves', () => {
    const check = validateWithLimits(limits);
    const found = check(schema, parse('{ node { nope } a: node { id } b: node { id } c: node { id } d: node { id } }'));
    expect(found.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(found.map((e) => e.message).join(' ')).toMatch(/4 aliases.*Cannot query field "nope"/);
  });
});
