import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rooms (kamar) between wards and beds, each existing bed moved into a room of its ward (one
 * per ward and class); bed codes unique within a hospital; retired beds (kept with their
 * history, out of the counters); the hospital's RS Online code; and the append-only audit
 * trail of setup changes.
 */
export class RoomsAndSetup1795880005000 implements MigrationInterface {
  name = 'RoomsAndSetup1795880005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "hospitals" ADD "rs_online_code" character varying(32)`);
    // The demo seed marks its hospital, so the public page and the log can say so.
    await queryRunner.query(`ALTER TABLE "hospitals" ADD "demo" boolean NOT NULL DEFAULT false`);
    // Before this, the only way a hospital came in was the demo seed.
    await queryRunner.query(
      `UPDATE "hospitals" SET "demo" = true WHERE "code" = 'RSUD-SKLERIK' AND EXISTS (SELECT 1 FROM admissions WHERE medical_record_number LIKE 'SEED-%')`,
    );
    // Lets beds and rooms name (ward, hospital) and (room, ward) pairs, so a bed's hospital and
    // room always agree with its ward.
    await queryRunner.query(`ALTER TABLE "wards" ADD CONSTRAINT "uq_wards_id_hospital" UNIQUE ("id", "hospital_id")`);
    await queryRunner.query(`CREATE TYPE "public"."room_sex_policy" AS ENUM('MALE', 'FEMALE', 'MIXED')`);
    await queryRunner.query(
      `CREATE TABLE "rooms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ward_id" uuid NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "sex_policy" "public"."room_sex_policy" NOT NULL DEFAULT 'MIXED', "kris" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_rooms" PRIMARY KEY ("id"), CONSTRAINT "uq_rooms_id_ward" UNIQUE ("id", "ward_id"), CONSTRAINT "ck_rooms_code" CHECK ("code" ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_rooms_ward_code" ON "rooms" ("ward_id", "code")`);
    await queryRunner.query(
      `ALTER TABLE "rooms" ADD CONSTRAINT "fk_rooms_ward" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "beds" ADD "room_id" uuid`);
    await queryRunner.query(`ALTER TABLE "beds" ADD "hospital_id" uuid`);
    await queryRunner.query(`ALTER TABLE "beds" ADD "retired_at" TIMESTAMP WITH TIME ZONE`);
    // One room per ward and class for the beds there are; the class's name is its code.
    await queryRunner.query(
      `INSERT INTO rooms (ward_id, code, name, sex_policy, kris)
       SELECT DISTINCT b.ward_id, b.bed_class::text, w.name || ' ' || b.bed_class::text, 'MIXED'::room_sex_policy, false
         FROM beds b JOIN wards w ON w.id = b.ward_id`,
    );
    await queryRunner.query(
      `UPDATE beds b SET room_id = r.id, hospital_id = w.hospital_id
         FROM rooms r, wards w WHERE r.ward_id = b.ward_id AND r.code = b.bed_class::text AND w.id = b.ward_id`,
    );
    await queryRunner.query(`ALTER TABLE "beds" ALTER COLUMN "room_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "beds" ALTER COLUMN "hospital_id" SET NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."uq_beds_ward_code"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_beds_hospital_code" ON "beds" ("hospital_id", "code")`);
    await queryRunner.query(`CREATE INDEX "ix_beds_room" ON "beds" ("room_id")`);
    await queryRunner.query(
      `ALTER TABLE "beds" ADD CONSTRAINT "fk_beds_room_ward" FOREIGN KEY ("room_id", "ward_id") REFERENCES "rooms"("id", "ward_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "beds" ADD CONSTRAINT "fk_beds_ward_hospital" FOREIGN KEY ("ward_id", "hospital_id") REFERENCES "wards"("id", "hospital_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // A retired bed holds no patient.
    await queryRunner.query(`ALTER TABLE "beds" ADD CONSTRAINT "ck_beds_retired_empty" CHECK ("retired_at" IS NULL OR "current_admission_id" IS NULL)`);
    await queryRunner.query(`CREATE TYPE "public"."setup_entity" AS ENUM('HOSPITAL', 'WARD', 'ROOM', 'BED')`);
    await queryRunner.query(`CREATE TYPE "public"."setup_action" AS ENUM('CREATE', 'UPDATE', 'RETIRE', 'REOPEN')`);
    await queryRunner.query(
      `CREATE TABLE "setup_audit" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_username" character varying(64), "entity" "public"."setup_entity" NOT NULL, "entity_id" uuid NOT NULL, "action" "public"."setup_action" NOT NULL, "before" jsonb, "after" jsonb NOT NULL, "via" character varying(32) NOT NULL, CONSTRAINT "pk_setup_audit" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_setup_audit_entity" ON "setup_audit" ("entity_id", "id")`);
    await queryRunner.query(`
      CREATE TRIGGER setup_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON setup_audit
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER setup_audit_append_only ON setup_audit`);
    await queryRunner.query(`DROP TABLE "setup_audit"`);
    await queryRunner.query(`DROP TYPE "public"."setup_action"`);
    await queryRunner.query(`DROP TYPE "public"."setup_entity"`);
    await queryRunner.query(`ALTER TABLE "beds" DROP CONSTRAINT "ck_beds_retired_empty"`);
    await queryRunner.query(`ALTER TABLE "beds" DROP CONSTRAINT "fk_beds_ward_hospital"`);
    await queryRunner.query(`ALTER TABLE "beds" DROP CONSTRAINT "fk_beds_room_ward"`);
    await queryRunner.query(`DROP INDEX "public"."ix_beds_room"`);
    await queryRunner.query(`DROP INDEX "public"."uq_beds_hospital_code"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_beds_ward_code" ON "beds" ("ward_id", "code")`);
    await queryRunner.query(`ALTER TABLE "beds" DROP COLUMN "retired_at"`);
    await queryRunner.query(`ALTER TABLE "beds" DROP COLUMN "hospital_id"`);
    await queryRunner.query(`ALTER TABLE "beds" DROP COLUMN "room_id"`);
    await queryRunner.query(`DROP TABLE "rooms"`);
    await queryRunner.query(`DROP TYPE "public"."room_sex_policy"`);
    await queryRunner.query(`ALTER TABLE "wards" DROP CONSTRAINT "uq_wards_id_hospital"`);
    await queryRunner.query(`ALTER TABLE "hospitals" DROP COLUMN "demo"`);
    await queryRunner.query(`ALTER TABLE "hospitals" DROP COLUMN "rs_online_code"`);
  }
}
