import { Injectable } from '@nestjs/common';
import { notFound } from '../common/error-codes';
import { HospitalsRepository } from './hospitals.repository';
import type { HospitalModel, RoomModel, WardModel } from './hospitals.types';

@Injectable()
export class HospitalsService {
  constructor(private readonly repo: HospitalsRepository) {}

  hospitals(): Promise<HospitalModel[]> {
    return this.repo.hospitals();
  }

  async hospitalByCode(code: string): Promise<HospitalModel> {
    const hospital = await this.repo.hospitalByCode(code);
    if (!hospital) throw notFound('Hospital', code);
    return hospital;
  }

  async hospitalById(id: string): Promise<HospitalModel> {
    const hospital = await this.repo.hospitalById(id);
    if (!hospital) throw notFound('Hospital', id);
    return hospital;
  }

  async ward(id: string): Promise<WardModel> {
    const ward = await this.repo.wardById(id);
    if (!ward) throw notFound('Ward', id);
    return ward;
  }

  wardsOf(hospitalId: string): Promise<WardModel[]> {
    return this.repo.wardsOf(hospitalId);
  }

  roomsOf(wardId: string): Promise<RoomModel[]> {
    return this.repo.roomsOf(wardId);
  }
}
