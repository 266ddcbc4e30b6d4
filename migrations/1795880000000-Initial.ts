import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795880000000 implements MigrationInterface {
  name = 'Initial1795880000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "hospitals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "city" character varying(100) NOT NULL, "address" character varying(300) NOT NULL, "phone" character varying(40) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_21e0a14f85fd90af5c34cdc7d6c" UNIQUE ("code"), CONSTRAINT "pk_hospitals" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "wards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "hospital_id" uuid NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "service" character varying(100) NOT NULL, CONSTRAINT "pk_wards" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_wards_hospital_code" ON "wards"  ("hospital_id", "code") `);
    await queryRunner.query(
      `CREATE TYPE "public"."bed_class" AS ENUM('VVIP', 'VIP', 'KELAS_1', 'KELAS_2', 'KELAS_3', 'ICU', 'HCU', 'ICCU', 'RICU', 'NICU', 'PICU', 'ISOLASI', 'PERINATOLOGI', 'INTERMEDIATE_IGD', 'ICU_VENTILATOR', 'NICU_VENTILATOR', 'PICU_VENTILATOR', 'KRIS_JKN')`,
    );
    await queryRunner.query(
      `CREATE TABLE "ward_availability" ("ward_id" uuid NOT NULL, "bed_class" "public"."bed_class" NOT NULL, "total" integer NOT NULL DEFAULT '0', "available" integer NOT NULL DEFAULT '0', "occupied" integer NOT NULL DEFAULT '0', "reserved" integer NOT NULL DEFAULT '0', "cleaning" integer NOT NULL DEFAULT '0', "closed" integer NOT NULL DEFAULT '0', "seq" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_ward_availability" PRIMARY KEY ("ward_id", "bed_class"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."user_role" AS ENUM('ADMIN', 'WARD_STAFF', 'ADMISSIONS', 'VERIFIER', 'FINANCE', 'AUDITOR')`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "password_hash" character varying(300) NOT NULL, "roles" "public"."user_role" array NOT NULL DEFAULT '{}', "ward_ids" uuid array NOT NULL DEFAULT '{}', "failed_logins" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"), CONSTRAINT "pk_users" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."bed_status" AS ENUM('AVAILABLE', 'OCCUPIED', 'RESERVED', 'CLEANING', 'CLOSED', 'ISOLATED', 'CONTAMINATED')`);
    await queryRunner.query(
      `CREATE TABLE "beds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ward_id" uuid NOT NULL, "code" character varying(32) NOT NULL, "bed_class" "public"."bed_class" NOT NULL, "status" "public"."bed_status" NOT NULL, "version" integer NOT NULL DEFAULT '1', "status_since" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "current_admission_id" uuid, CONSTRAINT "pk_beds" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_beds_ward_class_status" ON "beds"  ("ward_id", "bed_class", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_beds_ward_code" ON "beds"  ("ward_id", "code") `);
    await queryRunner.query(`CREATE TYPE "public"."payer_status" AS ENUM('BPJS_ACTIVE', 'BPJS_INACTIVE', 'NO_BPJS', 'OTHER_INSURANCE', 'SELF_PAY')`);
    await queryRunner.query(
      `CREATE TABLE "admissions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "bed_id" uuid NOT NULL, "medical_record_number" character varying(32) NOT NULL, "emergency" boolean NOT NULL, "payer_status" "public"."payer_status" NOT NULL, "admitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "discharged_at" TIMESTAMP WITH TIME ZONE, "admitted_by" uuid, CONSTRAINT "pk_admissions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_admissions_bed" ON "admissions"  ("bed_id") `);
    await queryRunner.query(`CREATE INDEX "ix_admissions_mrn" ON "admissions"  ("medical_record_number") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_admissions_active_mrn" ON "admissions" ("medical_record_number") WHERE "discharged_at" IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "bed_events" ("id" BIGSERIAL NOT NULL, "bed_id" uuid NOT NULL, "from_status" "public"."bed_status", "to_status" "public"."bed_status" NOT NULL, "actor_id" uuid, "reason" character varying(500), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "admission_id" uuid, CONSTRAINT "pk_bed_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_bed_events_at" ON "bed_events"  ("at") `);
    await queryRunner.query(`CREATE INDEX "ix_bed_events_bed" ON "bed_events"  ("bed_id", "id") `);
    await queryRunner.query(
      `ALTER TABLE "wards" ADD CONSTRAINT "fk_wards_hospital" FOREIGN KEY ("hospital_id") REFERENCES "hospitals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ward_availability" ADD CONSTRAINT "fk_ward_availability_ward" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "beds" ADD CONSTRAINT "fk_beds_ward" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "admissions" ADD CONSTRAINT "fk_admissions_bed" FOREIGN KEY ("bed_id") REFERENCES "beds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bed_events" ADD CONSTRAINT "fk_bed_events_bed" FOREIGN KEY ("bed_id") REFERENCES "beds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bed_events" DROP CONSTRAINT "fk_bed_events_bed"`);
    await queryRunner.query(`ALTER TABLE "admissions" DROP CONSTRAINT "fk_admissions_bed"`);
    await queryRunner.query(`ALTER TABLE "beds" DROP CONSTRAINT "fk_beds_ward"`);
    await queryRunner.query(`ALTER TABLE "ward_availability" DROP CONSTRAINT "fk_ward_availability_ward"`);
    await queryRunner.query(`ALTER TABLE "wards" DROP CONSTRAINT "fk_wards_hospital"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bed_events_bed"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bed_events_at"`);
    await queryRunner.query(`DROP TABLE "bed_events"`);
    await queryRunner.query(`DROP INDEX "public"."uq_admissions_active_mrn"`);
    await queryRunner.query(`DROP INDEX "public"."ix_admissions_mrn"`);
    await queryRunner.query(`DROP INDEX "public"."ix_admissions_bed"`);
    await queryRunner.query(`DROP TABLE "admissions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_beds_ward_code"`);
    await queryRunner.query(`DROP INDEX "public"."ix_beds_ward_class_status"`);
    await queryRunner.query(`DROP TABLE "beds"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "ward_availability"`);
    await queryRunner.query(`DROP INDEX "public"."uq_wards_hospital_code"`);
    await queryRunner.query(`DROP TABLE "wards"`);
    await queryRunner.query(`DROP TABLE "hospitals"`);
    await queryRunner.query(`DROP TYPE "public"."bed_status"`);
    await queryRunner.query(`DROP TYPE "public"."payer_status"`);
    await queryRunner.query(`DROP TYPE "public"."bed_class"`);
    await queryRunner.query(`DROP TYPE "public"."user_role"`);
  }
}
