import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each setup audit entry names the hospital it belongs to, so a hospital's administrator and
 * auditor read only their hospital's trail. Entries written before this migration keep no
 * hospital (the table is append-only); they are read by service-wide users only.
 */
export class SetupAuditHospital1795880008000 implements MigrationInterface {
  name = 'SetupAuditHospital1795880008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "setup_audit" ADD "hospital_code" character varying(32)`);
    await queryRunner.query(`CREATE INDEX "ix_setup_audit_hospital" ON "setup_audit" ("hospital_code", "id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_setup_audit_hospital"`);
    await queryRunner.query(`ALTER TABLE "setup_audit" DROP COLUMN "hospital_code"`);
  }
}
