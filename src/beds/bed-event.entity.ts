import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Bed } from './bed.entity';
import { BED_STATUSES, type BedStatus } from './bed-status';

/** One change of one bed. Append-only: a database trigger refuses UPDATE and DELETE. */
@Entity('bed_events')
@Index('ix_bed_events_bed', ['bedId', 'id'])
@Index('ix_bed_events_at', ['at'])
export class BedEvent {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_bed_events' })
  id!: string;

  @Column({ name: 'bed_id', type: 'uuid' })
  bedId!: string;

  @ManyToOne(() => Bed, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'bed_id', foreignKeyConstraintName: 'fk_bed_events_bed' })
  bed?: Bed;

  /** Null for the event that creates the bed. */
  @Column({ name: 'from_status', type: 'enum', enum: BED_STATUSES, enumName: 'bed_status', nullable: true })
  fromStatus!: BedStatus | null;

  @Column({ name: 'to_status', type: 'enum', enum: BED_STATUSES, enumName: 'bed_status' })
  toStatus!: BedStatus;

  /** Null when the service itself acted (the seed). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ name: 'admission_id', type: 'uuid', nullable: true })
  admissionId!: string | null;
}
