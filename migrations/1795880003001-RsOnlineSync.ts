import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The state of the RS Online reports per hospital: last attempt, success and error. */
export class RsOnlineSync1795880003001 implements MigrationInterface {
  name = 'RsOnlineSync1795880003001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rs_online_sync" ("hospital_code" character varying(32) NOT NULL, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_success_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(1000), "last_error_at" TIMESTAMP WITH TIME ZONE, "consecutive_failures" integer NOT NULL DEFAULT '0', "last_put" integer NOT NULL DEFAULT '0', "last_posted" integer NOT NULL DEFAULT '0', "last_deleted" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_rs_online_sync" PRIMARY KEY ("hospital_code"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rs_online_sync"`);
  }
}
