import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ROLES, type Role } from './roles';

@Entity('users')
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

  /** A disabled user cannot log in and every token of theirs is refused. */
  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** Set by resetPassword: until changePassword, only changePassword, logout and me are allowed. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
