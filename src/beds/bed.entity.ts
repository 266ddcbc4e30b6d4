import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Ward } from '../hospitals/ward.entity';
import { BED_CLASS_NAMES, type BedClass } from './bed-class';
import { BED_STATUSES, type BedStatus } from './bed-status';

@Entity('beds')
@Index('uq_beds_ward_code', ['wardId', 'code'], { unique: true })
@Index('ix_beds_ward_class_status', ['wardId', 'bedClass', 'status'])
export class Bed {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_beds' })
  id!: string;

  @Column({ name: 'ward_id', type: 'uuid' })
  wardId!: string;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id', foreignKeyConstraintName: 'fk_beds_ward' })
  ward?: Ward;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ name: 'bed_class', type: 'enum', enum: BED_CLASS_NAMES, enumName: 'bed_class' })
  bedClass!: BedClass;

  @Column({ type: 'enum', enum: BED_STATUSES, enumName: 'bed_status' })
  status!: BedStatus;

  /** Optimistic concurrency: every change names the version it saw. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'status_since', type: 'timestamptz', default: () => 'now()' })
  statusSince!: Date;

  @Column({ name: 'current_admission_id', type: 'uuid', nullable: true })
  currentAdmissionId!: string | null;
}
