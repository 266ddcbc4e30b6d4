import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Ward } from '../hospitals/ward.entity';
import { BED_CLASS_NAMES, type BedClass } from './bed-class';

/**
 * Bed counts per (ward, class), changed in the same transaction as every bed change so that
 * reading availability never scans beds. `seq` grows with every change of the counts, so a
 * subscriber can drop a message older than one it has already shown.
 */
@Entity('ward_availability')
export class WardAvailabilityRow {
  @PrimaryColumn({ name: 'ward_id', type: 'uuid', primaryKeyConstraintName: 'pk_ward_availability' })
  wardId!: string;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id', foreignKeyConstraintName: 'fk_ward_availability_ward' })
  ward?: Ward;

  @PrimaryColumn({ name: 'bed_class', type: 'enum', enum: BED_CLASS_NAMES, enumName: 'bed_class', primaryKeyConstraintName: 'pk_ward_availability' })
  bedClass!: BedClass;

  @Column({ type: 'integer', default: 0 })
  total!: number;

  @Column({ type: 'integer', default: 0 })
  available!: number;

  @Column({ type: 'integer', default: 0 })
  occupied!: number;

  @Column({ type: 'integer', default: 0 })
  reserved!: number;

  @Column({ type: 'integer', default: 0 })
  cleaning!: number;

  @Column({ type: 'integer', default: 0 })
  closed!: number;

  @Column({ type: 'bigint', default: 0 })
  seq!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
