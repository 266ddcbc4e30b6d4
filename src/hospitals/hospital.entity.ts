import { Check, Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { Ward } from './ward.entity';

@Entity('hospitals')
@Check('ck_hospitals_coordinates', `("latitude" IS NULL) = ("longitude" IS NULL) AND "latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180`)
export class Hospital {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_hospitals' })
  id!: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 100 })
  city!: string;

  @Column({ type: 'varchar', length: 300 })
  address!: string;

  @Column({ type: 'varchar', length: 40 })
  phone!: string;

  /** The hospital's code at RS Online (Kemenkes), when it has one. */
  @Column({ name: 'rs_online_code', type: 'varchar', length: 32, nullable: true })
  rsOnlineCode!: string | null;

  /** Where the hospital is (WGS 84 degrees), for the public page's directions link; both or neither. */
  @Column({ type: 'double precision', nullable: true })
  latitude!: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude!: number | null;

  /** Made by the demo seed: its wards, beds and patients are invented. */
  @Column({ type: 'boolean', default: false })
  demo!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @OneToMany('Ward', (ward: Ward) => ward.hospital)
  wards?: Ward[];
}
