import { isUnavailableError } from './unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isUnavailableError', () => {
  it.each([
    ['connection refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection reset', withCode('ECONNRESET')],
    ['pg connection terminated', new Error('Connection terminated unexpectedly')],
    ['pg-pool timeout', new Error('timeout exceeded when trying to connect')],
    ['admin shutdown', withCode('57P01', 'terminating connection due to administrator command')],
    ['cannot connect now', withCode('57P03', 'the database system is starting up')],
    ['connection exception class 08', withCode('08006')],
    ['wrapped by GraphQL', Object.assign(new Error('wrapper'), { originalError: withCode('ECONNREFUSED') })],
    ['wrapped by TypeORM', Object.assign(new Error('Query failed'), { driverError: new Error('Connection terminated') })],
    ['an AggregateError of refusals', Object.assign(new Error(''), { errors: [withCode('ECONNREFUSED'), withCode('ECONNREFUSED')] })],
  ])('%s is temporary', (_name, err) => {
    expect(isUnavailableError(err)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', withCode('42601')],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['not an error', 'ECONNREFUSED'],
    ['undefined', undefined],
  ])('%s is not', (_name, err) => {
    expect(isUnavailableError(err)).toBe(false);
  });

  it('does not loop on an error that is its own cause', () => {
    const e = new Error('loop') as Error & { cause?: unknown };
    e.cause = e;
    expect(isUnavailableError(e)).toBe(false);
  });
});
