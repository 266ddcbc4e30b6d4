import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Hospital } from '../hospitals/hospital.entity';
import { Ward } from '../hospitals/ward.entity';
import { BED_CLASS_NAMES, type BedClass } from './bed-class';

export const WAITING_REMOVALS = ['ADMITTED', 'LEFT'] as const;
export type WaitingRemoval = (typeof WAITING_REMOVALS)[number];

/**
 * A patient waiting for a bed of a class (antrian), optionally in one ward. Open while
 * removed_at is null; kept after removal for the record. The patient reference is never public.
 */
@Entity('waiting_list')
@Index('uq_waiting_list_open_patient', ['hospitalId', 'patientReference'], { unique: true, where: '"removed_at" IS NULL' })
@Index('ix_waiting_list_open_class', ['hospitalId', 'bedClass'], { where: '"removed_at" IS NULL' })
export class WaitingEntry {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_waiting_list' })
  id!: string;

  @Column({ name: 'hospital_id', type: 'uuid' })
  hospitalId!: string;

  @ManyToOne(() => Hospital, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hospital_id', foreignKeyConstraintName: 'fk_waiting_list_hospital' })
  hospital?: Hospital;

  /** Null: any ward of the hospital with beds of the class. */
  @Column({ name: 'ward_id', type: 'uuid', nullable: true })
  wardId!: string | null;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id', foreignKeyConstraintName: 'fk_waiting_list_ward' })
  ward?: Ward;

  @Column({ name: 'bed_class', type: 'enum', enum: BED_CLASS_NAMES, enumName: 'bed_class' })
  bedClass!: BedClass;

  /** Medical record number or IGD register number. */
  @Column({ name: 'patient_reference', type: 'varchar', length: 32 })
  patientReference!: string;

  /** Waiting from the IGD (emergency department). */
  @Column({ type: 'boolean', default: false })
  emergency!: boolean;

  @Column({ name: 'added_at', type: 'timestamptz', default: () => 'now()' })
  addedAt!: Date;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy!: string | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ name: 'removed_by', type: 'uuid', nullable: true })
  removedBy!: string | null;

  @Column({ name: 'removed_reason', type: 'enum', enum: WAITING_REMOVALS, enumName: 'waiting_removal', nullable: true })
  removedReason!: WaitingRemoval | null;

  /** The admission that ended the wait, when it ended so. */
  @Column({ name: 'admission_id', type: 'uuid', nullable: true })
  admissionId!: string | null;
}
