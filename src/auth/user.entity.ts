import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Hospital } from '../hospitals/hospital.entity';
import { ROLES, type Role } from './roles';

@Entity('users')
@Index('ix_users_hospital', ['hospitalId'])
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username!: string;

  /** scrypt: `scrypt$N$r$p$salt$hash`, base64 parts. */
  @Column({ name: 'password_hash', type: 'varchar', length: 300 })
  passwordHash!: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role', array: true, default: '{}' })
  roles!: Role[];

  /** Wards a WARD_STAFF user may change. */
  @Column({ name: 'ward_ids', type: 'uuid', array: true, default: '{}' })
  wardIds!: string[];

  /** The hospital the user works for and may act on; null: service-wide (the city's). */
  @Column({ name: 'hospital_id', type: 'uuid', nullable: true })
  hospitalId!: string | null;

  @ManyToOne(() => Hospital, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hospital_id', foreignKeyConstraintName: 'fk_users_hospital' })
  hospital?: Hospital;

  /** The hospital's code (read with the user, not a column of users). */
  hospitalCode?: string | null;

  /** A disabled user cannot log in and every token of theirs is refused. */
  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** Set by resetPassword: until changePassword, only changePassword, logout and me are allowed. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
