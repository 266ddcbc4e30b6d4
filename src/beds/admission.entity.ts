import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Bed } from './bed.entity';
import { PATIENT_SEXES, type PatientSex } from './patient-sex';
import { PAYER_STATUSES, type PayerStatus } from './payer-status';

@Entity('admissions')
@Index('ix_admissions_mrn', ['medicalRecordNumber'])
@Index('ix_admissions_bed', ['bedId'])
// A patient is in at most one bed at a time.
@Index('uq_admissions_active_mrn', ['medicalRecordNumber'], { unique: true, where: '"discharged_at" IS NULL' })
export class Admission {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_admissions' })
  id!: string;

  /** The bed the patient is in now (or was in when discharged). */
  @Column({ name: 'bed_id', type: 'uuid' })
  bedId!: string;

  @ManyToOne(() => Bed, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'bed_id', foreignKeyConstraintName: 'fk_admissions_bed' })
  bed?: Bed;

  @Column({ name: 'medical_record_number', type: 'varchar', length: 32 })
  medicalRecordNumber!: string;

  @Column({ type: 'boolean' })
  emergency!: boolean;

  @Column({ name: 'payer_status', type: 'enum', enum: PAYER_STATUSES, enumName: 'payer_status' })
  payerStatus!: PayerStatus;

  @Column({ name: 'admitted_at', type: 'timestamptz' })
  admittedAt!: Date;

  @Column({ name: 'discharged_at', type: 'timestamptz', nullable: true })
  dischargedAt!: Date | null;

  /** The outcome at discharge when it was recorded (for the death counts of the indicators). */
  @Column({ type: 'boolean', nullable: true })
  died!: boolean | null;

  @Column({ name: 'admitted_by', type: 'uuid', nullable: true })
  admittedBy!: string | null;

  /** Checked against the room's sex policy on admission and transfer; null where not recorded (older admissions). */
  @Column({ type: 'enum', enum: PATIENT_SEXES, enumName: 'patient_sex', nullable: true })
  sex!: PatientSex | null;

  /** When the ward expects the patient to leave; the public sees how many beds should be free within a day. */
  @Column({ name: 'expected_discharge_at', type: 'timestamptz', nullable: true })
  expectedDischargeAt!: Date | null;
}
