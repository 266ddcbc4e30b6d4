import { Global, Logger, Module, type DynamicModule, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuthModule } from '../../src/auth/auth.module';
import { AvailabilityModule } from '../../src/availability/availability.module';
import { BedsModule } from '../../src/beds/beds.module';
import { SetupModule } from '../../src/setup/setup.module';
import { JsonLogger } from '../../src/common/json-logger';
import { LimitsModule } from '../../src/limits/limits.module';
import { AppConfig } from '../../src/config/app-config';
import { loadEnvironment } from '../../src/config/environment';
import { dataSourceOptions } from '../../src/database/data-source';
import { migrateUnderLock } from '../../src/database/migrate';
import { HealthModule } from '../../src/health/health.module';
import { HospitalsModule } from '../../src/hospitals/hospitals.module';
import { LedgerModule } from '../../src/ledger/ledger.module';
import { OutboxModule } from '../../src/outbox/outbox.module';
import { createTestDatabase } from './test-app';

@Global()
@Module({})
class MediumConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: MediumConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}

/**
 * The service's modules on a migrated database of their own, without HTTP or GraphQL: the
 * medium tests call the services (and through them the repositories) directly. ROLE api, so
 * no relay or queue worker runs behind the test's back; the event bus is PostgreSQL's.
 */
export class Medium {
  private constructor(
    readonly module: TestingModule,
    readonly databaseUrl: string,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<Medium> {
    const database = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'siranap-medium-'));
    try {
      const config = new AppConfig(
        loadEnvironment({ NODE_ENV: 'test', ROLE: 'api', LOG_LEVEL: 'error', DATA_DIR: dataDir, GRAPHQL_SCHEMA_FILE: '', ...env }),
        database.url,
        'medium-test-secret-medium-test-secret-0123',
      );
      const module = await Test.createTestingModule({
        imports: [
          MediumConfigModule.forRoot(config),
          HealthModule,
          LimitsModule,
          OutboxModule,
          TypeOrmModule.forRootAsync({
            useFactory: () => dataSourceOptions(database.url),
            dataSourceFactory: async (options) => {
              const db = await new DataSource(options!).initialize();
              await migrateUnderLock(db, new Logger('Migrations'));
              return db;
            },
          }),
          HospitalsModule,
          BedsModule,
          AvailabilityModule,
          AuthModule,
          LedgerModule,
          SetupModule,
        ],
      })
        .setLogger(new JsonLogger('error'))
        .compile();
      try {
        await module.init();
      } catch (err) {
        await module.close();
        throw err;
      }
      return new Medium(module, database.url, async () => {
        await module.close();
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      });
    } catch (err) {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
  }

  get<T>(type: Type<T>): T {
    return this.module.get(type, { strict: false });
  }

  get db(): DataSource {
    return this.module.get(DataSource);
  }

  close(): Promise<void> {
    return this.cleanup();
  }
}
