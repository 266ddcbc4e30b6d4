import { Injectable } from '@nestjs/common';
import type { WardAvailability } from '../beds/bed-changes.types';
import { BedsRepository, type AvailabilityFilter } from '../beds/beds.repository';
import { toWardAvailability } from '../beds/beds.topics';
import { ResponseCache } from './response-cache';

export type { AvailabilityFilter } from '../beds/beds.repository';

/** Distinct filters answered from memory; more than the combinations of hospital, ward and class watched at once. */
const CACHED_FILTERS = 10_000;
/** How long an answer may stand when a change was missed altogether (pub/sub down). */
export const CACHE_MAX_AGE_MS = 5000;

export const matchesFilter = (filter: AvailabilityFilter, v: WardAvailability): boolean =>
  (!filter.hospitalCode || v.hospitalCode === filter.hospitalCode) &&
  (!filter.wardId || v.wardId === filter.wardId) &&
  (!filter.bedClass || v.bedClass === filter.bedClass);

/** Reads the counters the bed changes keep: no scan of beds, whatever their number. */
@Injectable()
export class AvailabilityService {
  private readonly cache = new ResponseCache<AvailabilityFilter, WardAvailability[]>(CACHED_FILTERS, CACHE_MAX_AGE_MS);

  constructor(private readonly beds: BedsRepository) {}

  async list(filter: AvailabilityFilter): Promise<WardAvailability[]> {
    return (await this.beds.availabilityCounts(filter)).map(toWardAvailability);
  }

  /**
   * The public query's answer, kept per filter until the live feed brings a change to it (every
   * replica gets every change), so it is never older than counts this process has seen.
   */
  cached(filter: AvailabilityFilter): Promise<WardAvailability[]> {
    const key = [filter.hospitalCode, filter.wardId, filter.bedClass].map((part) => part ?? '').join('|');
    return this.cache.get(key, filter, () => this.list(filter));
  }

  /** From the live feed: a change of one ward and class, or null when changes may have been missed. */
  changed(value: WardAvailability | null): void {
    this.cache.changed(value ? (filter) => matchesFilter(filter, value) : undefined);
  }
}
