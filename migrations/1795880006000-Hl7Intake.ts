import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HL7 v2 ADT intake: every message received (the intake log, one per sender and control id),
 * what the interface last applied per patient (for the order), and the mapping the admin keeps
 * (sending facility to hospital, point of care to ward and bed codes, financial class to payer).
 */
export class Hl7Intake1795880006000 implements MigrationInterface {
  name = 'Hl7Intake1795880006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."hl7_message_status" AS ENUM('PENDING', 'APPLIED', 'REFUSED', 'REJECTED', 'DISMISSED')`);
    await queryRunner.query(
      `CREATE TABLE "hl7_messages" ("id" bigserial NOT NULL, "sender" character varying(200), "control_id" character varying(200), "event" character varying(16), "event_at" TIMESTAMP WITH TIME ZONE, "sequence" bigint, "patient_key" character varying(300), "medical_record_number" character varying(64), "status" "public"."hl7_message_status" NOT NULL, "held_reason" character varying(1000), "error_code" character varying(16), "error_location" character varying(32), "error_text" character varying(1000), "outcome" character varying(1000), "summary" jsonb NOT NULL DEFAULT '{}', "raw" text NOT NULL, "remote_address" character varying(100), "attempts" integer NOT NULL DEFAULT '0', "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ready_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_at" TIMESTAMP WITH TIME ZONE, "dismissed_by" uuid, CONSTRAINT "pk_hl7_messages" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_hl7_messages_sender_control" ON "hl7_messages" ("sender", "control_id") WHERE "control_id" IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "ix_hl7_messages_pending" ON "hl7_messages" ("patient_key", "event_at", "sequence", "id") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_hl7_messages_status_received" ON "hl7_messages" ("status", "received_at")`);
    await queryRunner.query(
      `CREATE TABLE "hl7_patients" ("patient_key" character varying(300) NOT NULL, "sex" character varying(8), "expected_discharge_at" TIMESTAMP WITH TIME ZONE, "last_event_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_sequence" bigint, "last_message_id" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_hl7_patients" PRIMARY KEY ("patient_key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "hl7_locations" ("hospital_code" character varying(32) NOT NULL, "point_of_care" character varying(64) NOT NULL, "ward_code" character varying(32) NOT NULL, "bed_code_template" character varying(64) NOT NULL DEFAULT '{bed}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, CONSTRAINT "pk_hl7_locations" PRIMARY KEY ("hospital_code", "point_of_care"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."hl7_code_kind" AS ENUM('FACILITY', 'PAYER')`);
    await queryRunner.query(
      `CREATE TABLE "hl7_codes" ("kind" "public"."hl7_code_kind" NOT NULL, "code" character varying(64) NOT NULL, "target" character varying(64) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, CONSTRAINT "pk_hl7_codes" PRIMARY KEY ("kind", "code"))`,
    );
    // Financial classes as Indonesian SIMRS commonly send them; the admin changes or adds more.
    await queryRunner.query(
      `INSERT INTO "hl7_codes" ("kind", "code", "target") VALUES
         ('PAYER', 'JKN', 'BPJS_ACTIVE'), ('PAYER', 'BPJS', 'BPJS_ACTIVE'), ('PAYER', 'BPJS_NONAKTIF', 'BPJS_INACTIVE'),
         ('PAYER', 'UMUM', 'SELF_PAY'), ('PAYER', 'ASURANSI', 'OTHER_INSURANCE'), ('PAYER', '', 'SELF_PAY')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "hl7_codes"`);
    await queryRunner.query(`DROP TYPE "public"."hl7_code_kind"`);
    await queryRunner.query(`DROP TABLE "hl7_locations"`);
    await queryRunner.query(`DROP TABLE "hl7_patients"`);
    await queryRunner.query(`DROP TABLE "hl7_messages"`);
    await queryRunner.query(`DROP TYPE "public"."hl7_message_status"`);
  }
}
