import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Hospital } from './hospital.entity';

@Entity('wards')
@Index('uq_wards_hospital_code', ['hospitalId', 'code'], { unique: true })
// Lets a bed name its (ward, hospital) pair, so a bed's hospital always is its ward's.
@Unique('uq_wards_id_hospital', ['id', 'hospitalId'])
export class Ward {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_wards' })
  id!: string;

  @Column({ name: 'hospital_id', type: 'uuid' })
  hospitalId!: string;

  @ManyToOne(() => Hospital, (h) => h.wards, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hospital_id', foreignKeyConstraintName: 'fk_wards_hospital' })
  hospital?: Hospital;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The clinical service the ward belongs to (penyakit dalam, bedah, anak, ...). */
  @Column({ type: 'varchar', length: 100 })
  service!: string;
}
