import { MigrationInterface, QueryRunner } from 'typeorm';

/** Emergency-fund ledger: funds, claims and their history, the journal. Generated, then de-duplicated (claim_status is shared). */
export class Ledger1795880002000 implements MigrationInterface {
  name = 'Ledger1795880002000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "funds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "fiscal_year" integer NOT NULL, "ceiling" bigint NOT NULL, "available" bigint NOT NULL DEFAULT '0', "held" bigint NOT NULL DEFAULT '0', "paid" bigint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c1ccfcec8e2dba3941c85efcf32" UNIQUE ("fiscal_year"), CONSTRAINT "ck_funds_ceiling" CHECK ("available" + "held" + "paid" <= "ceiling"), CONSTRAINT "ck_funds_balances_non_negative" CHECK ("available" >= 0 AND "held" >= 0 AND "paid" >= 0), CONSTRAINT "pk_funds" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."claim_status" AS ENUM('REQUESTED', 'HELD', 'REJECTED', 'VERIFIED', 'PAID', 'REFUNDED')`);
    await queryRunner.query(
      `CREATE TABLE "claims" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "fund_id" uuid NOT NULL, "idempotency_key" character varying(100) NOT NULL, "request_fingerprint" character(64) NOT NULL, "status" "public"."claim_status" NOT NULL, "amount" bigint NOT NULL, "held_amount" bigint NOT NULL DEFAULT '0', "paid_amount" bigint NOT NULL DEFAULT '0', "refunded_amount" bigint NOT NULL DEFAULT '0', "payer_status" "public"."payer_status" NOT NULL, "medical_record_number" character varying(32) NOT NULL, "patient_name" character varying(200) NOT NULL, "nik" character varying(16), "emergency" boolean NOT NULL, "admission_id" uuid, "ward_id" uuid, "evidence" jsonb NOT NULL, "reject_reason" character varying(500), "submitted_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_64284fd8efde52fc19c777b7178" UNIQUE ("idempotency_key"), CONSTRAINT "pk_claims" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_claims_status" ON "claims"  ("status") `);
    await queryRunner.query(`CREATE INDEX "ix_claims_mrn" ON "claims"  ("medical_record_number") `);
    await queryRunner.query(`CREATE INDEX "ix_claims_fund_created" ON "claims"  ("fund_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TYPE "public"."claim_action" AS ENUM('SUBMIT', 'HOLD', 'REJECT', 'VERIFY', 'PAY', 'REFUND')`);
    await queryRunner.query(
      `CREATE TABLE "claim_events" ("id" BIGSERIAL NOT NULL, "claim_id" uuid NOT NULL, "action" "public"."claim_action" NOT NULL, "from_status" "public"."claim_status", "to_status" "public"."claim_status" NOT NULL, "amount" bigint, "reason" character varying(500), "actor_id" uuid, "actor_username" character varying(64) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_claim_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_claim_events_claim" ON "claim_events"  ("claim_id", "id") `);
    await queryRunner.query(`CREATE TYPE "public"."posting_kind" AS ENUM('OPEN', 'HOLD', 'RELEASE', 'PAY', 'REFUND')`);
    await queryRunner.query(
      `CREATE TABLE "journal_entries" ("id" BIGSERIAL NOT NULL, "fund_id" uuid NOT NULL, "seq" integer NOT NULL, "kind" "public"."posting_kind" NOT NULL, "claim_id" uuid, "actor_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "pk_journal_entries" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_journal_entries_fund_at" ON "journal_entries"  ("fund_id", "at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_journal_entries_fund_open" ON "journal_entries"  ("fund_id") WHERE "kind" = 'OPEN'`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_journal_entries_claim_kind" ON "journal_entries"  ("claim_id", "kind") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_journal_entries_fund_seq" ON "journal_entries"  ("fund_id", "seq") `);
    await queryRunner.query(`CREATE TYPE "public"."ledger_account" AS ENUM('APPROPRIATION', 'AVAILABLE', 'HELD', 'PAID')`);
    await queryRunner.query(
      `CREATE TABLE "journal_lines" ("id" BIGSERIAL NOT NULL, "entry_id" bigint NOT NULL, "account" "public"."ledger_account" NOT NULL, "debit" bigint NOT NULL DEFAULT '0', "credit" bigint NOT NULL DEFAULT '0', CONSTRAINT "ck_journal_lines_one_side" CHECK ("debit" >= 0 AND "credit" >= 0 AND ("debit" = 0) <> ("credit" = 0)), CONSTRAINT "pk_journal_lines" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_journal_lines_entry" ON "journal_lines"  ("entry_id") `);
    await queryRunner.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_fund" FOREIGN KEY ("fund_id") REFERENCES "funds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "claim_events" ADD CONSTRAINT "fk_claim_events_claim" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "journal_entries" ADD CONSTRAINT "fk_journal_entries_fund" FOREIGN KEY ("fund_id") REFERENCES "funds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "journal_entries" ADD CONSTRAINT "fk_journal_entries_claim" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "journal_lines" ADD CONSTRAINT "fk_journal_lines_entry" FOREIGN KEY ("entry_id") REFERENCES "journal_entries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "journal_lines" DROP CONSTRAINT "fk_journal_lines_entry"`);
    await queryRunner.query(`ALTER TABLE "journal_entries" DROP CONSTRAINT "fk_journal_entries_claim"`);
    await queryRunner.query(`ALTER TABLE "journal_entries" DROP CONSTRAINT "fk_journal_entries_fund"`);
    await queryRunner.query(`ALTER TABLE "claim_events" DROP CONSTRAINT "fk_claim_events_claim"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "fk_claims_fund"`);
    await queryRunner.query(`DROP INDEX "public"."ix_journal_lines_entry"`);
    await queryRunner.query(`DROP TABLE "journal_lines"`);
    await queryRunner.query(`DROP TYPE "public"."ledger_account"`);
    await queryRunner.query(`DROP INDEX "public"."uq_journal_entries_fund_seq"`);
    await queryRunner.query(`DROP INDEX "public"."uq_journal_entries_claim_kind"`);
    await queryRunner.query(`DROP INDEX "public"."uq_journal_entries_fund_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_journal_entries_fund_at"`);
    await queryRunner.query(`DROP TABLE "journal_entries"`);
    await queryRunner.query(`DROP TYPE "public"."posting_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claim_events_claim"`);
    await queryRunner.query(`DROP TABLE "claim_events"`);
    await queryRunner.query(`DROP TYPE "public"."claim_action"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_fund_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_mrn"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_status"`);
    await queryRunner.query(`DROP TABLE "claims"`);
    await queryRunner.query(`DROP TYPE "public"."claim_status"`);
    await queryRunner.query(`DROP TABLE "funds"`);
  }
}
