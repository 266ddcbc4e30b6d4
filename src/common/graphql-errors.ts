import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES } from './error-codes';
import { isUnavailableError, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from './unavailable';

/** Apollo's codes for a request that could not be run at all: all of them are bad input. */
const REQUEST_ERRORS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_SUPPORTED']);
const KNOWN = new Set<string>(ERROR_CODES);

/**
 * Gives every error one of the stable codes of DESIGN.md (or INTERNAL_SERVER_ERROR), keeping
 * Apollo's own code as `reason`. Unexpected errors keep their message outside production only.
 */
export function formatGraphQLError(hideInternals: boolean, logError: (e: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    const extensions = { ...formatted.extensions };
    delete extensions.stacktrace;
    if (KNOWN.has(code)) return { ...formatted, extensions };
    if (REQUEST_ERRORS.has(code)) {
      return { ...formatted, extensions: { ...extensions, code: 'BAD_USER_INPUT', reason: code } };
    }
    if (isUnavailableError(error)) {
      return { message: UNAVAILABLE_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: RETRY_AFTER_SECONDS } };
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
