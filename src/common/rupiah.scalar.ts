import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { parseRupiah, RupiahFormatError } from './rupiah';

function parse(value: unknown): bigint {
  try {
    return parseRupiah(value);
  } catch (err) {
    if (err instanceof RupiahFormatError) throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT' } });
    throw err;
  }
}

/**
 * Whole rupiah as a decimal string. GraphQL Int is 32-bit and Float loses digits above 2^53,
 * so neither can carry Rp3.000.000.000 exactly.
 */
export const RupiahScalar = new GraphQLScalarType<bigint, string>({
  name: 'Rupiah',
  description: 'Whole rupiah (no fractions) as a decimal string, e.g. "3000000000"; 0 to 9223372036854775807. Integers up to 2^53 are accepted as numbers too.',
  serialize: (value: unknown): string => {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return value; // bigint columns arrive as strings
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    throw new GraphQLError(`Cannot serialise ${typeof value} as Rupiah.`);
  },
  parseValue: parse,
  parseLiteral: (ast: ValueNode): bigint => {
    // The literal's text is exact even for an Int literal beyond 2^53.
    if (ast.kind === Kind.STRING) return parse(ast.value);
    if (ast.kind === Kind.INT) return parse(ast.value);
    throw new GraphQLError('Rupiah must be whole rupiah as a string such as "3000000000"; fractions are not accepted.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
});
