import type { EntityManager } from 'typeorm';

/** A DataSource, or the EntityManager of the caller's transaction: what the ledger's repositories run on. */
export type Queryable = Pick<EntityManager, 'query'>;
