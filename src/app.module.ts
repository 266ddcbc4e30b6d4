import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { resolve } from 'node:path';
import type { Request, Response } from 'express';
import { AuthModule } from './auth/auth.module';
import { AuthService } from './auth/auth.service';
import { AvailabilityModule } from './availability/availability.module';
import { isWsContext, LiveConnections, type WsContext } from './availability/live-connections';
import { BedsModule } from './beds/beds.module';
import { AuthGuard } from './common/auth.guard';
import { formatGraphQLError } from './common/graphql-errors';
import type { GraphQLContext } from './common/graphql-context';
import { GraphQLHttpErrorFilter } from './common/http-error.filter';
import { inputValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { HospitalsModule } from './hospitals/hospitals.module';
import { LedgerModule } from './ledger/ledger.module';
import { OutboxModule } from './outbox/outbox.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const schemaFile = config.env.GRAPHQL_SCHEMA_FILE;
    const errorLogger = new Logger('GraphQL');
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), migrationsRun: true }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule, AvailabilityModule],
          inject: [AuthService, LiveConnections],
          useFactory: (auth: AuthService, live: LiveConnections): ApolloDriverConfig => ({
            path: '/graphql',
            autoSchemaFile: config.isProduction || !schemaFile ? true : resolve(schemaFile),
            sortSchema: true,
            // Tokens travel in the Authorization header, never in cookies, so a cross-site
            // request carries no credentials; the GET form of GraphQL over HTTP stays usable.
            csrfPrevention: false,
            includeStacktraceInErrorResponses: false,
            introspection: true,
            // graphql-ws calls this too, with its own context: there the principal is the connection's.
            context: (arg: { req: Request; res: Response } | WsContext): GraphQLContext => {
              if (isWsContext(arg)) return live.context(arg);
              const { req, res } = arg;
              const { principal, error } = auth.principalFromAuthorization(req.headers.authorization);
              return { req, res, principal, authError: error };
            },
            subscriptions: { 'graphql-ws': live.serverOptions() },
            formatError: formatGraphQLError(config.isProduction, (e) => errorLogger.error(e)),
          }),
        }),
        AuthModule,
        OutboxModule,
        HospitalsModule,
        BedsModule,
        AvailabilityModule,
        LedgerModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useValue: inputValidationPipe },
        { provide: APP_FILTER, useClass: GraphQLHttpErrorFilter },
      ],
    };
  }
}
