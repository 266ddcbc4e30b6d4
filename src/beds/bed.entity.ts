import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Room } from '../hospitals/room.entity';
import { Ward } from '../hospitals/ward.entity';
import { BED_CLASS_NAMES, type BedClass } from './bed-class';
import { BED_STATUSES, type BedStatus } from './bed-status';
import { RESERVATION_PURPOSES, type ReservationPurpose } from './reservation-rules';

@Entity('beds')
@Index('uq_beds_hospital_code', ['hospitalId', 'code'], { unique: true })
@Index('ix_beds_room', ['roomId'])
@Check('ck_beds_retired_empty', `"retired_at" IS NULL OR "current_admission_id" IS NULL`)
@Index('ix_beds_ward_class_status', ['wardId', 'bedClass', 'status'])
@Index('ix_beds_reserved_until', ['reservedUntil'], { where: '"reserved_until" IS NOT NULL' })
export class Bed {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_beds' })
  id!: string;

  @Column({ name: 'ward_id', type: 'uuid' })
  wardId!: string;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id', foreignKeyConstraintName: 'fk_beds_ward' })
  ward?: Ward;

  /** Kept equal to the ward's hospital by the (ward, hospital) foreign key; bed codes are unique per hospital. */
  @Column({ name: 'hospital_id', type: 'uuid' })
  hospitalId!: string;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'ward_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_beds_ward_hospital' },
    { name: 'hospital_id', referencedColumnName: 'hospitalId', foreignKeyConstraintName: 'fk_beds_ward_hospital' },
  ])
  wardOfHospital?: Ward;

  /** The room is always one of the bed's ward: the (room, ward) foreign key. */
  @Column({ name: 'room_id', type: 'uuid' })
  roomId!: string;

  @ManyToOne(() => Room, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'room_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_beds_room_ward' },
    { name: 'ward_id', referencedColumnName: 'wardId', foreignKeyConstraintName: 'fk_beds_room_ward' },
  ])
  room?: Room;

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

  /** Out of service for good: out of the counters and the public view, its history kept. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  /** While RESERVED: when the reservation runs out (the worker then makes the bed AVAILABLE). Null otherwise. */
  @Column({ name: 'reserved_until', type: 'timestamptz', nullable: true })
  reservedUntil!: Date | null;

  @Column({ name: 'reservation_purpose', type: 'enum', enum: RESERVATION_PURPOSES, enumName: 'reservation_purpose', nullable: true })
  reservationPurpose!: ReservationPurpose | null;

  /** For a REFERRAL: the facility sending the patient. */
  @Column({ name: 'reservation_facility', type: 'varchar', length: 200, nullable: true })
  reservationFacility!: string | null;

  @Column({ name: 'reservation_expected_at', type: 'timestamptz', nullable: true })
  reservationExpectedAt!: Date | null;

  /** Whom the bed is held for (record or IGD register number): staff only, never public. */
  @Column({ name: 'reservation_for', type: 'varchar', length: 32, nullable: true })
  reservationFor!: string | null;
}
