import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Logger, Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GraphQLError } from 'graphql';
import { resolve } from 'node:path';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AuthApiModule, AuthModule } from './auth/auth.module';
import { AuthService } from './auth/auth.service';
import { AvailabilityApiModule, AvailabilityModule } from './availability/availability.module';
import { LiveModule } from './live/live.module';
import { BedsApiModule, BedsModule, BedsWorkerModule } from './beds/beds.module';
import { AuthGuard } from './auth/auth.guard';
import { DateTimeScalar } from './common/date-time.scalar';
import { formatGraphQLError } from './common/graphql-errors';
import { queryLimitsRule } from './limits/graphql-limits';
import { observabilityPlugin } from './health/graphql-observability.plugin';
import { unavailablePlugin } from './common/graphql-unavailable.plugin';
import { isUnavailableError, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from './common/unavailable';
import { LimitsModule } from './limits/limits.module';
import type { GraphQLContext } from './auth/graphql-context';
import { GraphQLHttpErrorFilter, RefusalPassThroughFilter, UnavailableFilter } from './common/http-error.filter';
import { inputValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import type { ProcessRole } from './config/environment';
import { dataSourceOptions } from './database/data-source';
import { migrateUnderLock } from './database/migrate';
import { HealthModule } from './health/health.module';
import { MetricsService } from './health/metrics.service';
import { HospitalsApiModule, HospitalsModule } from './hospitals/hospitals.module';
import { RsOnlineApiModule, RsOnlineModule, RsOnlineWorkerModule } from './rsonline/rsonline.module';
import { FhirModule } from './fhir/fhir.module';
import { LedgerApiModule, LedgerModule, LedgerWorkerModule } from './ledger/ledger.module';
import { IndicatorsModule } from './indicators/indicators.module';
import { OutboxModule, OutboxWorkerModule } from './outbox/outbox.module';
import { SetupApiModule, SetupModule } from './setup/setup.module';
import { IntakeApiModule, IntakeModule, IntakeWorkerModule } from './intake/intake.module';
import { PublicPageModule } from './public-page/public-page.module';

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
    imports: [AuthModule],
    inject: [AuthService, MetricsService],
    useFactory: (auth: AuthService, metrics: MetricsService): ApolloDriverConfig => ({
      path: '/graphql',
      autoSchemaFile: config.isProduction || !schemaFile ? true : resolve(schemaFile),
      sortSchema: true,
      // DateTime refuses instants outside the range PostgreSQL and JavaScript both hold.
      buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
      // Tokens travel in the Authorization header, never in cookies, so a cross-site
      // request carries no credentials; the GET form of GraphQL over HTTP stays usable.
      csrfPrevention: false,
      includeStacktraceInErrorResponses: false,
      // Nest's GraphiQL loads from a CDN; the service serves its own explorer (see web-pages.ts).
      graphiql: false,
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
      // The session is read per request, so its user's current roles and wards apply. GraphQL
      // over WebSocket (LiveConnections) has its own: there the principal is the connection's.
      context: async ({ req, res }: { req: Request; res: Response }): Promise<GraphQLContext> => {
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
      formatError: formatGraphQLError(config.isProduction, (e) => errorLogger.error(e)),
    }),
  });
}

type Imports = NonNullable<ModuleMetadata['imports']>;

/** What serves clients: GraphQL and its WebSockets, the resolvers and live feeds, the HTTP routes. */
function apiParts(config: AppConfig): Imports {
  return [
    graphQLModule(config),
    LiveModule,
    AuthApiModule,
    HospitalsApiModule,
    BedsApiModule,
    AvailabilityApiModule,
    LedgerApiModule,
    IndicatorsModule,
    FhirModule,
    RsOnlineApiModule,
    SetupApiModule,
    IntakeApiModule,
    PublicPageModule,
  ];
}

/** What works behind them: the outbox relay, the ledger's queue worker, the RS Online reports, the HL7 listener, the reservations that run out. */
const WORKER_PARTS = [OutboxWorkerModule, LedgerWorkerModule, RsOnlineWorkerModule, IntakeWorkerModule, BedsWorkerModule];

/** The one place the process role decides what runs; every process serves health and metrics. */
function partsFor(role: ProcessRole, config: AppConfig): Imports {
  switch (role) {
    case 'api':
      return apiParts(config);
    case 'worker':
      return WORKER_PARTS;
    case 'all':
      return [...apiParts(config), ...WORKER_PARTS];
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extraModules: Type[] = []): DynamicModule {
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
        // The domain, shared by both roles: the guard reads sessions everywhere.
        AuthModule,
        OutboxModule,
        HospitalsModule,
        BedsModule,
        AvailabilityModule,
        LedgerModule,
        RsOnlineModule,
        SetupModule,
        IntakeModule,
        ...partsFor(config.env.ROLE, config),
        ...extraModules,
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
