import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES } from './error-codes';
import { isUnavailableError, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from './unavailable';

/** Apollo's codes for a request that could not be run at all: all of them are bad input. */
const REQUEST_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);
const KNOWN = new Set<string>(ERROR_CODES);
/**
 * An automatic persisted query whose hash this server does not hold: the client's normal first
 * try, so bad input rather than an internal error. Its message (`PersistedQueryNotFound`) stays,
 * which is what Apollo Client's persisted-queries link looks for before it sends the full query.
 */
const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';

/** graphql-js's "Did you mean …?" hints (fields, types, enum values, arguments). */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** The message without schema hints, for production, where the schema is not advertised. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * Gives every error one of the stable codes of error-codes.ts (or INTERNAL_SERVER_ERROR), keeping
 * Apollo's own code as `reason`. Unexpected errors keep their message outside production only.
 */
export function formatGraphQLError(hideInternals: boolean, logError: (e: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    const extensions = { ...formatted.extensions };
    delete extensions.stacktrace;
    // Apollo's own hiding covers field suggestions in validation, not enum values in variables.
    if (hideInternals) formatted = { ...formatted, message: withoutSuggestions(formatted.message) };
    if (KNOWN.has(code)) return { ...formatted, extensions };
    if (REQUEST_ERRORS.has(code) || code === PERSISTED_QUERY_NOT_FOUND) {
      return { ...formatted, extensions: { ...extensions, code: 'BAD_USER_INPUT', reason: code } };
    }
    if (isUnavailableError(error)) {
      return {
        message: UNAVAILABLE_MESSAGE,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: RETRY_AFTER_SECONDS },
      };
    }
    logError(error);
    return {
      message: hideInternals ? 'Internal error; it has been logged. Try again, and report it if it persists.' : formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
