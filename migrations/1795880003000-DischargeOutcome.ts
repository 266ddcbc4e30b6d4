import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outcome of a discharge (died or alive) where staff record it: the indicators count deaths. */
export class DischargeOutcome1795880003000 implements MigrationInterface {
  name = 'DischargeOutcome1795880003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "admissions" ADD "died" boolean`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "admissions" DROP COLUMN "died"`);
  }
}
