import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/error-codes';
import { Hospital } from './hospital.entity';
import { Ward } from './ward.entity';

@Injectable()
export class HospitalsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  hospitals(): Promise<Hospital[]> {
    return this.db.getRepository(Hospital).find({ order: { name: 'ASC' } });
  }

  async hospitalByCode(code: string): Promise<Hospital> {
    const hospital = await this.db.getRepository(Hospital).findOneBy({ code });
    if (!hospital) throw notFound('Hospital', code);
    return hospital;
  }

  async hospitalById(id: string): Promise<Hospital> {
    const hospital = await this.db.getRepository(Hospital).findOneBy({ id });
    if (!hospital) throw notFound('Hospital', id);
    return hospital;
  }

  async ward(id: string): Promise<Ward> {
    const ward = await this.db.getRepository(Ward).findOneBy({ id });
    if (!ward) throw notFound('Ward', id);
    return ward;
  }

  wardsOf(hospitalId: string): Promise<Ward[]> {
    return this.db.getRepository(Ward).find({ where: { hospitalId }, order: { code: 'ASC' } });
  }
}
