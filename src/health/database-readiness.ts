import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HealthRegistry } from './health-registry';

/** The one required check: without its database the service cannot serve. */
@Injectable()
export class DatabaseReadiness implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerReadiness(
      'database',
      async () => {
        await this.db.query('SELECT 1');
        return { state: 'up' };
      },
      { required: true },
    );
  }
}
