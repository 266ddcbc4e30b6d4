import type { Environment } from './environment';

/** The validated environment plus what boot resolved (database URL, signing secret). */
export class AppConfig {
  constructor(
    readonly env: Environment,
    readonly databaseUrl: string,
    readonly jwtSecret: string,
  ) {}

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }
}
