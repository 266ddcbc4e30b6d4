import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every hospital of the city: a user belongs to a hospital (null: service-wide, the city's), and
 * a hospital may carry its coordinates for the public page's directions link. Existing users
 * were set up for the one hospital the service held: they go to it when there is exactly one,
 * else they stay service-wide (as they were) until an administrator assigns them.
 */
export class HospitalTenancy1795880007000 implements MigrationInterface {
  name = 'HospitalTenancy1795880007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "hospital_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "fk_users_hospital" FOREIGN KEY ("hospital_id") REFERENCES "hospitals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE INDEX "ix_users_hospital" ON "users" ("hospital_id") `);
    await queryRunner.query(`UPDATE "users" SET "hospital_id" = (SELECT "id" FROM "hospitals") WHERE (SELECT count(*) FROM "hospitals") = 1`);
    await queryRunner.query(`ALTER TABLE "hospitals" ADD "latitude" double precision`);
    await queryRunner.query(`ALTER TABLE "hospitals" ADD "longitude" double precision`);
    await queryRunner.query(
      `ALTER TABLE "hospitals" ADD CONSTRAINT "ck_hospitals_coordinates" CHECK (("latitude" IS NULL) = ("longitude" IS NULL) AND "latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "hospitals" DROP CONSTRAINT "ck_hospitals_coordinates"`);
    await queryRunner.query(`ALTER TABLE "hospitals" DROP COLUMN "longitude"`);
    await queryRunner.query(`ALTER TABLE "hospitals" DROP COLUMN "latitude"`);
    await queryRunner.query(`DROP INDEX "public"."ix_users_hospital"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_hospital"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "hospital_id"`);
  }
}
