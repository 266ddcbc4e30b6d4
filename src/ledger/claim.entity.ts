import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PAYER_STATUSES, type PayerStatus } from '../beds/payer-status';
import { CLAIM_ACTIONS, CLAIM_STATUSES, type ClaimAction, type ClaimStatus } from './claim-rules';
import { Fund } from './fund.entity';

/** What eligibility was decided on: the status seen, where it came from, when and by whom. */
export interface EligibilityEvidence {
  payerStatusSeen: PayerStatus;
  source: 'DECLARED' | 'ADMISSION' | 'BPJS_VCLAIM';
  ground: string;
  checkedAt: string;
  checkedBy: string;
  nikPresent: boolean;
  /** The BPJS VClaim answer when the check is configured (or why it could not be had). */
  bpjs?: { statusCode: string; status: string; noKartu: string | null } | { notFound: true } | { error: string };
}

@Entity('claims')
@Index('ix_claims_fund_created', ['fundId', 'createdAt', 'id'])
@Index('ix_claims_mrn', ['medicalRecordNumber'])
@Index('ix_claims_status', ['status'])
@Index('ix_claims_nik', ['nik'])
@Index('uq_claims_fund_sp2d', ['fundId', 'sp2dNumber'], { unique: true, where: '"sp2d_number" IS NOT NULL' })
export class Claim {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_claims' })
  id!: string;

  @Column({ name: 'fund_id', type: 'uuid' })
  fundId!: string;

  @ManyToOne(() => Fund, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fund_id', foreignKeyConstraintName: 'fk_claims_fund' })
  fund?: Fund;

  /** The client's key: a retried submission finds its claim instead of making a second one. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 100, unique: true })
  idempotencyKey!: string;

  /** SHA-256 of the submitted content, to tell a retry from a different claim under one key. */
  @Column({ name: 'request_fingerprint', type: 'char', length: 64 })
  requestFingerprint!: string;

  @Column({ type: 'enum', enum: CLAIM_STATUSES, enumName: 'claim_status' })
  status!: ClaimStatus;

  @Column({ type: 'bigint' })
  amount!: string;

  /** What the hold reserves now (0 once released or paid). */
  @Column({ name: 'held_amount', type: 'bigint', default: 0 })
  heldAmount!: string;

  @Column({ name: 'paid_amount', type: 'bigint', default: 0 })
  paidAmount!: string;

  @Column({ name: 'refunded_amount', type: 'bigint', default: 0 })
  refundedAmount!: string;

  @Column({ name: 'payer_status', type: 'enum', enum: PAYER_STATUSES, enumName: 'payer_status' })
  payerStatus!: PayerStatus;

  @Column({ name: 'medical_record_number', type: 'varchar', length: 32 })
  medicalRecordNumber!: string;

  @Column({ name: 'patient_name', type: 'varchar', length: 200 })
  patientName!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  nik!: string | null;

  @Column({ type: 'boolean' })
  emergency!: boolean;

  @Column({ name: 'admission_id', type: 'uuid', nullable: true })
  admissionId!: string | null;

  /** The ward of the admission's bed when submitted, for the auditors' filter. */
  @Column({ name: 'ward_id', type: 'uuid', nullable: true })
  wardId!: string | null;

  @Column({ type: 'jsonb' })
  evidence!: EligibilityEvidence;

  @Column({ name: 'reject_reason', type: 'varchar', length: 500, nullable: true })
  rejectReason!: string | null;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy!: string;

  /** When the hold was placed: the hold runs out CLAIM_HOLD_DAYS later. */
  @Column({ name: 'held_at', type: 'timestamptz', nullable: true })
  heldAt!: Date | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  /** What the verifier accepted (at most the hold; the rest went back to the fund). */
  @Column({ name: 'verified_amount', type: 'bigint', nullable: true })
  verifiedAmount!: string | null;

  /** The disbursement order (Surat Perintah Pencairan Dana) the payment was made under; unique per fund. */
  @Column({ name: 'sp2d_number', type: 'varchar', length: 64, nullable: true })
  sp2dNumber!: string | null;

  @Column({ name: 'sp2d_date', type: 'date', nullable: true })
  sp2dDate!: string | null;

  /** Set once by the worker when a VERIFIED claim stays unpaid past CLAIM_PAYMENT_DAYS. */
  @Column({ name: 'payment_overdue_at', type: 'timestamptz', nullable: true })
  paymentOverdueAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every action on a claim, with actor and time. Append-only. */
@Entity('claim_events')
@Index('ix_claim_events_claim', ['claimId', 'id'])
export class ClaimEvent {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_claim_events' })
  id!: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId!: string;

  @ManyToOne(() => Claim, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'fk_claim_events_claim' })
  claim?: Claim;

  @Column({ type: 'enum', enum: CLAIM_ACTIONS, enumName: 'claim_action' })
  action!: ClaimAction;

  @Column({ name: 'from_status', type: 'enum', enum: CLAIM_STATUSES, enumName: 'claim_status', nullable: true })
  fromStatus!: ClaimStatus | null;

  @Column({ name: 'to_status', type: 'enum', enum: CLAIM_STATUSES, enumName: 'claim_status' })
  toStatus!: ClaimStatus;

  @Column({ type: 'bigint', nullable: true })
  amount!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  /** Null when the ledger worker acted (placing the hold). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_username', type: 'varchar', length: 64 })
  actorUsername!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
