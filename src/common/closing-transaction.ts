import type { DataSource, EntityManager } from 'typeorm';

/**
 * A transaction whose last statements travel in the message that commits it. Locks those
 * statements take are then held only while PostgreSQL runs the message, never across a round
 * trip and a turn of the service's event loop: a writer closes with the rows every writer of a
 * ward must update (its availability counters), so that the next one waits for microseconds,
 * not milliseconds. The closing statements are SQL without parameters (src/common/sql-literal),
 * since PostgreSQL takes several statements in one message only without them.
 */
export class ClosingTransaction {
  private readonly closing: string[] = [];

  constructor(readonly manager: EntityManager) {}

  /** Statements run after everything else the transaction does, in the order given, then COMMIT. */
  closeWith(statements: readonly string[]): void {
    this.closing.push(...statements);
  }

  /** The message that ends the transaction. */
  commitMessage(): string {
    return [...this.closing, 'COMMIT'].join(';\n');
  }
}

/**
 * Runs `work` in a transaction and commits it with the statements `work` left for the end. A
 * failure anywhere (the closing statements included) rolls everything back and is thrown.
 */
export async function inClosingTransaction<T>(db: DataSource, work: (tx: ClosingTransaction) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    let result: T;
    try {
      const tx = new ClosingTransaction(runner.manager);
      result = await work(tx);
      await runner.query(tx.commitMessage());
    } catch (err) {
      // After a failed closing message the transaction is aborted (or, had COMMIT itself
      // failed, already over): ROLLBACK ends it either way.
      await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    return result;
  } finally {
    await runner.release();
  }
}
