import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './error-codes';
import { DATE_TIME_RULE, parseInstant } from './date-range';

const parse = (value: unknown): Date => {
  const date = parseInstant(value);
  if (!date) throw badInput(`A DateTime must be ${DATE_TIME_RULE}.`);
  return date;
};

/**
 * The DateTime scalar (same name and description as Nest's): refuses with BAD_USER_INPUT what
 * is not a date-time or lies outside the range PostgreSQL and JavaScript both hold.
 */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  parseValue: parse,
  serialize(value) {
    return value instanceof Date ? value.toISOString() : null;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput(`A DateTime must be a string: ${DATE_TIME_RULE}.`);
    return parse(ast.value);
  },
});
