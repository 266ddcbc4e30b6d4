import { formatGraphQLError, withoutSuggestions } from './graphql-errors';

describe('formatGraphQLError', () => {
  const logged: unknown[] = [];
  const production = formatGraphQLError(true, (e) => logged.push(e));
  const development = formatGraphQLError(false, (e) => logged.push(e));
  beforeEach(() => (logged.length = 0));

  it('answers an unknown persisted query as bad input, keeping the message Apollo clients look for, unlogged', () => {
    const out = production({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }, new Error('x'));
    expect(out).toEqual({ message: 'PersistedQueryNotFound', extensions: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_NOT_FOUND' } });
    expect(logged).toHaveLength(0);
  });

  it('strips "Did you mean" hints in production only', () => {
    const message =
      'Variable "$f" got invalid value "AVAILABL" at "f.status"; Value "AVAILABL" does not exist in "BedStatus" enum. Did you mean the enum value "AVAILABLE"?';
    const prod = production({ message, extensions: { code: 'BAD_USER_INPUT' } }, null);
    expect(prod.message).toBe('Variable "$f" got invalid value "AVAILABL" at "f.status"; Value "AVAILABL" does not exist in "BedStatus" enum.');
    expect(development({ message, extensions: { code: 'BAD_USER_INPUT' } }, null).message).toBe(message);
    expect(withoutSuggestions('Cannot query field "bedz" on type "Query". Did you mean "beds", "bed", or "freeBeds"?')).toBe(
      'Cannot query field "bedz" on type "Query".',
    );
  });

  it('hides and logs unexpected errors in production', () => {
    const out = production({ message: 'relation "x" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new Error('boom'));
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(out.message).not.toMatch(/relation/);
    expect(logged).toHaveLength(1);
  });
});
