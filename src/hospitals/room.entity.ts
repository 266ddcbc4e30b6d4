import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { SEX_POLICIES, type SexPolicy } from './sex-policy';
import { Ward } from './ward.entity';

/** A room (kamar) of a ward: the unit KRIS JKN is judged by and beds are grouped in. */
@Entity('rooms')
@Index('uq_rooms_ward_code', ['wardId', 'code'], { unique: true })
@Unique('uq_rooms_id_ward', ['id', 'wardId'])
@Check('ck_rooms_code', `"code" ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'`)
export class Room {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_rooms' })
  id!: string;

  @Column({ name: 'ward_id', type: 'uuid' })
  wardId!: string;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id', foreignKeyConstraintName: 'fk_rooms_ward' })
  ward?: Ward;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'sex_policy', type: 'enum', enum: SEX_POLICIES, enumName: 'room_sex_policy', default: 'MIXED' })
  sexPolicy!: SexPolicy;

  /** Meets the KRIS JKN room criteria (at most four beds, separated by sex, age and infection). */
  @Column({ type: 'boolean', default: false })
  kris!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
