import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Truthful availability: the waiting list (antrian), reservations that run out (until when
 * and what for), and on each admission the patient's sex (rooms by sex) and the expected
 * discharge. Reservations held when this runs get the default six hours from when they began.
 */
export class WaitingListAndReservations1795880006100 implements MigrationInterface {
  name = 'WaitingListAndReservations1795880006100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."patient_sex" AS ENUM('MALE', 'FEMALE')`);
    await queryRunner.query(`ALTER TABLE "admissions" ADD "sex" "public"."patient_sex"`);
    await queryRunner.query(`ALTER TABLE "admissions" ADD "expected_discharge_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE TYPE "public"."reservation_purpose" AS ENUM('REFERRAL', 'IGD', 'ELECTIVE')`);
    await queryRunner.query(`ALTER TABLE "beds" ADD "reserved_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "beds" ADD "reservation_purpose" "public"."reservation_purpose"`);
    await queryRunner.query(`ALTER TABLE "beds" ADD "reservation_facility" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "beds" ADD "reservation_expected_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "beds" ADD "reservation_for" character varying(32)`);
    await queryRunner.query(`UPDATE "beds" SET "reserved_until" = "status_since" + interval '6 hours' WHERE "status" = 'RESERVED'`);
    await queryRunner.query(`CREATE INDEX "ix_beds_reserved_until" ON "beds" ("reserved_until") WHERE "reserved_until" IS NOT NULL`);
    await queryRunner.query(`CREATE TYPE "public"."waiting_removal" AS ENUM('ADMITTED', 'LEFT')`);
    await queryRunner.query(
      `CREATE TABLE "waiting_list" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "hospital_id" uuid NOT NULL, "ward_id" uuid, "bed_class" "public"."bed_class" NOT NULL, "patient_reference" character varying(32) NOT NULL, "emergency" boolean NOT NULL DEFAULT false, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "added_by" uuid, "removed_at" TIMESTAMP WITH TIME ZONE, "removed_by" uuid, "removed_reason" "public"."waiting_removal", "admission_id" uuid, CONSTRAINT "pk_waiting_list" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_waiting_list_open_patient" ON "waiting_list" ("hospital_id", "patient_reference") WHERE "removed_at" IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_waiting_list_open_class" ON "waiting_list" ("hospital_id", "bed_class") WHERE "removed_at" IS NULL`);
    await queryRunner.query(
      `ALTER TABLE "waiting_list" ADD CONSTRAINT "fk_waiting_list_hospital" FOREIGN KEY ("hospital_id") REFERENCES "hospitals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "waiting_list" ADD CONSTRAINT "fk_waiting_list_ward" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "waiting_list"`);
    await queryRunner.query(`DROP TYPE "public"."waiting_removal"`);
    await queryRunner.query(`DROP INDEX "public"."ix_beds_reserved_until"`);
    for (const column of ['reservation_for', 'reservation_expected_at', 'reservation_facility', 'reservation_purpose', 'reserved_until']) {
      await queryRunner.query(`ALTER TABLE "beds" DROP COLUMN "${column}"`);
    }
    await queryRunner.query(`DROP TYPE "public"."reservation_purpose"`);
    await queryRunner.query(`ALTER TABLE "admissions" DROP COLUMN "expected_discharge_at"`);
    await queryRunner.query(`ALTER TABLE "admissions" DROP COLUMN "sex"`);
    await queryRunner.query(`DROP TYPE "public"."patient_sex"`);
  }
}
