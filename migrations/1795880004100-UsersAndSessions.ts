import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can be ended (a token names its row), disabled users and forced password
 * changes, failed logins counted per username and client address, and the append-only record
 * of every change to a user. The per-user lock columns give way to `login_failures`.
 */
export class UsersAndSessions1795880004100 implements MigrationInterface {
  name = 'UsersAndSessions1795880004100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."login_failure_scope" AS ENUM('USER', 'ADDRESS')`);
    await queryRunner.query(
      `CREATE TABLE "login_failures" ("scope" "public"."login_failure_scope" NOT NULL, "address" character varying(64) NOT NULL, "username" character varying(200) NOT NULL, "failures" integer NOT NULL DEFAULT '0', "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_login_failures" PRIMARY KEY ("scope", "address", "username"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."session_end_reason" AS ENUM('LOGOUT', 'USER_CHANGED', 'DISABLED', 'PASSWORD_RESET', 'PASSWORD_CHANGED')`);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "ended_reason" "public"."session_end_reason", "client_address" character varying(64), CONSTRAINT "pk_sessions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sessions_user_open" ON "sessions"  ("user_id") WHERE "ended_at" IS NULL`);
    await queryRunner.query(
      `CREATE TYPE "public"."user_audit_action" AS ENUM('CREATE', 'UPDATE', 'RESET_PASSWORD', 'CHANGE_PASSWORD', 'UNLOCK', 'ENSURE_ADMIN')`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_audit" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" uuid NOT NULL, "username" character varying(64) NOT NULL, "actor_id" uuid, "actor_username" character varying(64), "action" "public"."user_audit_action" NOT NULL, "changes" jsonb NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_user_audit" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_user_audit_user" ON "user_audit"  ("user_id", "id") `);
    await queryRunner.query(`
      CREATE TRIGGER user_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON user_audit
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "failed_logins"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "locked_until"`);
    await queryRunner.query(`ALTER TABLE "users" ADD "disabled" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "fk_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "fk_sessions_user"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "disabled"`);
    await queryRunner.query(`ALTER TABLE "users" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "failed_logins" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`DROP TRIGGER user_audit_append_only ON user_audit`);
    await queryRunner.query(`DROP INDEX "public"."ix_user_audit_user"`);
    await queryRunner.query(`DROP TABLE "user_audit"`);
    await queryRunner.query(`DROP TYPE "public"."user_audit_action"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sessions_user_open"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP TYPE "public"."session_end_reason"`);
    await queryRunner.query(`DROP TABLE "login_failures"`);
    await queryRunner.query(`DROP TYPE "public"."login_failure_scope"`);
  }
}
