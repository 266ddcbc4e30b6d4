import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bed history is evidence: the database itself refuses to change or delete it. */
export class AppendOnlyBedEvents1795880000001 implements MigrationInterface {
  name = 'AppendOnlyBedEvents1795880000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER bed_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON bed_events
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER bed_events_append_only ON bed_events`);
    await queryRunner.query(`DROP FUNCTION refuse_history_change()`);
  }
}
