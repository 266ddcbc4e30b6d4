import { Injectable } from '@nestjs/common';
import type { WardAvailability } from '../beds/bed-changes.types';
import { BedsRepository, type AvailabilityFilter } from '../beds/beds.repository';
import { toWardAvailability } from '../beds/beds.topics';

export type { AvailabilityFilter } from '../beds/beds.repository';

/** Reads the counters the bed changes keep: no scan of beds, whatever their number. */
@Injectable()
export class AvailabilityService {
  constructor(private readonly beds: BedsRepository) {}

  async list(filter: AvailabilityFilter): Promise<WardAvailability[]> {
    return (await this.beds.availabilityCounts(filter)).map(toWardAvailability);
  }
}
