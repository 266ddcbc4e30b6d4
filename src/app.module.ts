import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GraphQLError } from 'graphql';
import { resolve } from 'node:path';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AuthModule } from './auth/auth.module';
import { AuthService } from './auth/auth.service';
import { AvailabilityModule } from './availability/availability.module';
import { isWsContext, LiveConnections, type WsContext } from './live/live-connections';
import { LiveModule } from './live/live.module';
import { BedsModule } from './beds/beds.module';
import { AuthGuard } from './common/auth.guard';
import { DateTimeScalar } from './common/date-time.scalar';
import { formatGraphQLError } from './common/graphql-errors';
import { queryLimitsRule } from './common/graphql-limits';
import { observabilityPlugin } from './common/graphql-observability.plugin';
import { unavailablePlugin } from './common/graphql-unavailable.plugin';
import { isUnavailableError, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from './common/unavailable';
import { LimitsModule } from './common/limits.module';
import type { GraphQLContext } from './common/graphql-context';
import { GraphQLHttpErrorFilter, RefusalPassThroughFilter, UnavailableFilter } from './common/http-error.filter';
import { inputValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { migrateUnderLock } from './database/migrate';
import { HealthModule } from './health/health.module';
import { MetricsService } from './health/metrics.service';
import { HospitalsModule } from './hospitals/hospitals.module';
import { RsOnlineModule } from './rsonline/rsonline.module';
import { FhirModule } from './fhir/fhir.module';
import { LedgerModule } from './ledger/ledger.module';
import { IndicatorsModule } from './indicators/indicators.module';
import { OutboxModule } from './outbox/outbox.module';
import { SetupModule } from './setup/setup.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}

function graphQLModule(config: AppConfig): DynamicModule {
  const schemaFile = config.env.GRAPHQL_SCHEMA_FILE;
  const errorLogger = new Logger('GraphQL');
  return GraphQLModule.forRootAsync<ApolloDriverConfig>({
    driver: ApolloDriver,
    imports: [AuthModule, LiveModule],
    inject: [AuthService, MetricsService, LiveConnections],
    useFactory: (auth: AuthService, metrics: MetricsService, live: LiveConnections): ApolloDriverConfig => ({
      path: '/graphql',
      autoSchemaFile: config.isProduction || !schemaFile ? true : resolve(schemaFile),
      sortSchema: true,
      // DateTime refuses instants outside the range PostgreSQL and JavaScript both hold.
      buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
      // Tokens travel in the Authorization header, never in cookies, so a cross-site
      // request carries no credentials; the GET form of GraphQL over HTTP stays usable.
      csrfPrevention: false,
      includeStacktraceInErrorResponses: false,
      // GraphiQL outside production only, decided by the configuration (not process.env).
      graphiql: !config.isProduction,
      introspection: config.env.GRAPHQL_INTROSPECTION ? config.env.GRAPHQL_INTROSPECTION === 'true' : !config.isProduction,
      // No "did you mean" field suggestions in production; messages stay helpful otherwise.
      hideSchemaDetailsFromClientErrors: config.isProduction,
      allowBatchedHttpRequests: false,
      parseOptions: { maxTokens: config.env.GRAPHQL_MAX_TOKENS },
      validationRules: [
        queryLimitsRule({
          maxDepth: config.env.GRAPHQL_MAX_DEPTH,
          maxAliases: config.env.GRAPHQL_MAX_ALIASES,
          maxCost: config.env.GRAPHQL_MAX_COST,
        }),
      ],
      plugins: [observabilityPlugin(metrics, errorLogger), unavailablePlugin()],
      // graphql-ws calls this too, with its own context: there the principal is the connection's.
      // Over HTTP the session is read per request, so its user's current roles and wards apply.
      context: async (arg: { req: Request; res: Response } | WsContext): Promise<GraphQLContext> => {
        if (isWsContext(arg)) return live.context(arg);
        const { req, res } = arg;
        try {
          const { principal, error } = await auth.principalFromAuthorization(req.headers.authorization);
          return { req, res, principal, authError: error };
        } catch (err) {
          // The session could not be read: a database outage is temporary, said as such (Apollo
          // answers a failed context before any plugin runs, so the status travels in the error).
          if (!isUnavailableError(err)) throw err;
          throw new GraphQLError(UNAVAILABLE_MESSAGE, {
            extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) } },
          });
        }
      },
      subscriptions: { 'graphql-ws': live.serverOptions() },
      formatError: formatGraphQLError(config.isProduction, (e) => errorLogger.error(e)),
    }),
  });
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        HealthModule,
        LimitsModule,
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.databaseUrl),
          // Migrations under an advisory lock: of processes starting together, one migrates.
          dataSourceFactory: async (options) => {
            const db = await new DataSource(options!).initialize();
            await migrateUnderLock(db, new Logger('Migrations'));
            return db;
          },
        }),
        // A worker process (ROLE=worker) serves no GraphQL and no WebSocket: only its jobs,
        // health and metrics.
        ...(config.env.ROLE === 'worker' ? [] : [graphQLModule(config)]),
        AuthModule,
        OutboxModule,
        HospitalsModule,
        BedsModule,
        LiveModule,
        AvailabilityModule,
        LedgerModule,
        IndicatorsModule,
        FhirModule,
        RsOnlineModule,
        SetupModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useValue: inputValidationPipe },
        // Nest tries global filters last-registered first: the catch-all comes first.
        { provide: APP_FILTER, useClass: UnavailableFilter },
        { provide: APP_FILTER, useClass: GraphQLHttpErrorFilter },
        { provide: APP_FILTER, useClass: RefusalPassThroughFilter },
      ],
    };
  }
}
