import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fund as Kupang runs it: holds that expire (EXPIRED, held_at), partial verification
 * (VERIFY postings, verified_amount), SP2D payments (unique per fund), fiscal years (effective
 * dates on the journal, closed funds), evidence documents in PostgreSQL, and signed seals.
 * The new tables are append-only like the journal. Enum values added here stay on revert
 * (PostgreSQL cannot drop one); the revert removes every column and table.
 */
export class FundRules1795880005100 implements MigrationInterface {
  name = 'FundRules1795880005100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."claim_status" ADD VALUE IF NOT EXISTS 'EXPIRED'`);
    await queryRunner.query(`ALTER TYPE "public"."claim_action" ADD VALUE IF NOT EXISTS 'EXPIRE'`);
    await queryRunner.query(`ALTER TYPE "public"."claim_action" ADD VALUE IF NOT EXISTS 'FLAG'`);
    await queryRunner.query(`ALTER TYPE "public"."claim_action" ADD VALUE IF NOT EXISTS 'ATTACH'`);
    await queryRunner.query(`ALTER TYPE "public"."posting_kind" ADD VALUE IF NOT EXISTS 'VERIFY'`);
    await queryRunner.query(`CREATE TYPE "public"."document_media_type" AS ENUM('application/pdf', 'image/png', 'image/jpeg')`);
    await queryRunner.query(
      `CREATE TABLE "claim_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "claim_id" uuid NOT NULL, "file_name" character varying(200) NOT NULL, "media_type" "public"."document_media_type" NOT NULL, "byte_size" integer NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "uploaded_by" uuid NOT NULL, "uploaded_by_username" character varying(64) NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_claim_documents" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_claim_documents_claim" ON "claim_documents"  ("claim_id", "uploaded_at") `);
    await queryRunner.query(
      `CREATE TABLE "ledger_seals" ("id" BIGSERIAL NOT NULL, "fund_id" uuid NOT NULL, "period" character varying(16) NOT NULL, "head_seq" integer NOT NULL, "head_hash" character(64) NOT NULL, "entry_count" integer NOT NULL, "available" bigint NOT NULL, "held" bigint NOT NULL, "paid" bigint NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signature" text NOT NULL, CONSTRAINT "pk_ledger_seals" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_seals_fund_period" ON "ledger_seals"  ("fund_id", "period") `);
    await queryRunner.query(`ALTER TABLE "funds" ADD "closed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "funds" ADD "closed_by" uuid`);
    await queryRunner.query(`ALTER TABLE "claims" ADD "held_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "claims" ADD "verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "claims" ADD "verified_amount" bigint`);
    await queryRunner.query(`ALTER TABLE "claims" ADD "sp2d_number" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "claims" ADD "sp2d_date" date`);
    await queryRunner.query(`ALTER TABLE "claims" ADD "payment_overdue_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "journal_entries" ADD "effective_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "journal_entries" ADD "documents" jsonb`);
    // Claims held or verified before this migration: their clocks start at their history's step.
    await queryRunner.query(`
      UPDATE claims c SET held_at = (SELECT min(e.at) FROM claim_events e WHERE e.claim_id = c.id AND e.action = 'HOLD')
       WHERE c.status IN ('HELD', 'VERIFIED', 'PAID', 'REFUNDED')`);
    await queryRunner.query(`
      UPDATE claims c SET verified_at = (SELECT max(e.at) FROM claim_events e WHERE e.claim_id = c.id AND e.action = 'VERIFY'),
                          verified_amount = c.held_amount
       WHERE c.status = 'VERIFIED'`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_claims_fund_sp2d" ON "claims"  ("fund_id", "sp2d_number") WHERE "sp2d_number" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_claims_nik" ON "claims"  ("nik") `);
    await queryRunner.query(
      `ALTER TABLE "claim_documents" ADD CONSTRAINT "fk_claim_documents_claim" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_seals" ADD CONSTRAINT "fk_ledger_seals_fund" FOREIGN KEY ("fund_id") REFERENCES "funds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const table of ['claim_documents', 'ledger_seals']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['claim_documents', 'ledger_seals']) await queryRunner.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
    await queryRunner.query(`ALTER TABLE "ledger_seals" DROP CONSTRAINT "fk_ledger_seals_fund"`);
    await queryRunner.query(`ALTER TABLE "claim_documents" DROP CONSTRAINT "fk_claim_documents_claim"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_nik"`);
    await queryRunner.query(`DROP INDEX "public"."uq_claims_fund_sp2d"`);
    for (const column of ['documents', 'effective_at']) await queryRunner.query(`ALTER TABLE "journal_entries" DROP COLUMN "${column}"`);
    for (const column of ['payment_overdue_at', 'sp2d_date', 'sp2d_number', 'verified_amount', 'verified_at', 'held_at']) {
      await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "${column}"`);
    }
    await queryRunner.query(`ALTER TABLE "funds" DROP COLUMN "closed_by"`);
    await queryRunner.query(`ALTER TABLE "funds" DROP COLUMN "closed_at"`);
    await queryRunner.query(`DROP TABLE "ledger_seals"`);
    await queryRunner.query(`DROP TABLE "claim_documents"`);
    await queryRunner.query(`DROP TYPE "public"."document_media_type"`);
  }
}
