import type { ApolloDriverConfig } from '@nestjs/apollo';
import { RETRY_AFTER_SECONDS } from './unavailable';

type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/**
 * GraphQL over HTTP answers 200 with errors in the body; when every error of a response is
 * SERVICE_UNAVAILABLE the whole request failed for a temporary reason, so the HTTP status says
 * so too (503 with Retry-After) and proxies, load balancers and clients can retry.
 */
export function unavailablePlugin(): ApolloPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors || errors.length === 0 || !errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
          // The Nest driver's own plugin, called after this one, resets the status of responses
          // with a data key to 200; its hook runs synchronously when called, so waiting one
          // microtask puts this assignment after it.
          await Promise.resolve();
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
