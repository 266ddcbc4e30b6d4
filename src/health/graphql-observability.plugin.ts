import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { Logger } from '@nestjs/common';
import type { MetricsService } from './metrics.service';

// Taken from the driver's own config type: @apollo/server ships separate CJS and ESM typings.
type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/**
 * One log line and one metric per GraphQL operation: name, type, duration and outcome.
 * Variables are never logged: they can carry patient data and passwords.
 */
export function observabilityPlugin(metrics: MetricsService, logger: Logger): ApolloPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const type = ctx.operation?.operation ?? 'unknown';
          // The errors as answered (after formatError), so the outcome is the code the client got.
          const errors = (ctx.response.body.kind === 'single' ? ctx.response.body.singleResult.errors : undefined) ?? ctx.errors;
          const outcome = errors && errors.length > 0 ? String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'ok';
          metrics.graphqlOperations.inc({ type, outcome });
          if (['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'].includes(outcome) && errors?.some((e) => /nested|aliases|cost/.test(e.message))) {
            metrics.refusedRequests.inc({ reason: 'query_limits' });
          }
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          logger.log({ msg: 'graphql', operation: ctx.operationName ?? null, type, outcome, durationMs: Math.round(durationMs * 10) / 10 });
        },
      };
    },
  };
}
