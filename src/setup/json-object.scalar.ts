import { GraphQLScalarType, Kind } from 'graphql';

/** A JSON object, output only (the audit trail's before and after records). */
export const GraphQLJSONObject = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object (output only).',
  serialize: (value) => value,
  parseValue: () => {
    throw new TypeError('JSONObject is output only.');
  },
  parseLiteral: (ast) => {
    throw new TypeError(`JSONObject is output only (got a ${ast.kind === Kind.OBJECT ? 'object' : ast.kind}).`);
  },
});
