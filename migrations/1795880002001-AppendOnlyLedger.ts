import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The journal and claim history are evidence: the database refuses to change or delete them. */
export class AppendOnlyLedger1795880002001 implements MigrationInterface {
  name = 'AppendOnlyLedger1795880002001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['journal_entries', 'journal_lines', 'claim_events']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['journal_entries', 'journal_lines', 'claim_events']) {
      await queryRunner.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
    }
  }
}
