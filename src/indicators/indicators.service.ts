import { Injectable } from '@nestjs/common';
import { BedsRepository } from '../beds/beds.repository';
import { badInput, notFound } from '../common/error-codes';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { checkPeriod, computeIndicators, type CleaningInput, type DischargeInput, type OccupancyInput } from './indicators';
import type { BedIndicators } from './indicators.types';
import { allFigures, publicFigures } from './public-figures';

/** Reads the bed history of a period and hands it to the pure computation. */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly hospitals: HospitalsRepository,
    private readonly bedsRepo: BedsRepository,
  ) {}

  /** `anonymous`: the public view (small discharge counts withheld, see public-figures.ts). */
  async bedIndicators(hospitalCode: string, wardId: string | undefined, from: string, to: string, anonymous: boolean): Promise<BedIndicators> {
    const period = checkPeriod(from, to);
    if (!period.ok) throw badInput(period.message);
    const hospital = await this.hospitals.hospitalByCode(hospitalCode);
    if (!hospital) throw notFound('Hospital', hospitalCode);
    const allWards = await this.hospitals.wardsOf(hospital.id);
    const wards = wardId ? allWards.filter((w) => w.id === wardId.toLowerCase()) : allWards;
    if (wardId && wards.length === 0) throw notFound(`Ward of hospital ${hospitalCode}`, wardId);
    const wardById = new Map(wards.map((w) => [w.id, w]));
    const beds = (await this.bedsRepo.bedsWithCreationForIndicators(wards.map((w) => w.id))).map((b) => ({
      ...b,
      ward_code: wardById.get(b.ward_id)!.code,
      ward_name: wardById.get(b.ward_id)!.name,
    }));
    const bedIds = beds.map((b) => b.id);
    const groupOf = new Map(beds.map((b) => [b.id, `${b.ward_id}/${b.bed_class}`]));
    const group = (bedId: string): string => groupOf.get(bedId)!;

    const occupancies = await this.bedsRepo.occupanciesBetween(bedIds, period.start, period.end);
    const discharges = await this.bedsRepo.dischargesBetween(bedIds, period.start, period.end);
    const cleanings = await this.bedsRepo.cleaningsBetween(bedIds, period.start, period.end);

    const computed = computeIndicators({
      days: period.days,
      beds: beds.map((b) => ({ group: group(b.id), createdAt: b.created_at, retiredAt: b.retired_at })),
      occupancies: occupancies.map((o): OccupancyInput => ({
        group: group(o.bed_id),
        stayKey: o.admission_id ?? `bed:${o.bed_id}`,
        start: o.start_at,
        end: o.end_at,
      })),
      discharges: discharges.map((d): DischargeInput => ({ group: group(d.bed_id), admittedAt: d.admitted_at, dischargedAt: d.discharged_at, died: d.died })),
      cleanings: cleanings.map((c): CleaningInput => ({ group: group(c.bed_id), start: c.start_at, end: c.end_at })),
    });
    const result = anonymous ? publicFigures(computed) : allFigures(computed);
    const scopeWardId = wardId?.toLowerCase() ?? null;

    const groupRows = [...new Map(beds.map((b) => [group(b.id), b])).values()].sort(
      (a, b) => a.ward_code.localeCompare(b.ward_code) || a.bed_class.localeCompare(b.bed_class),
    );
    return {
      hospitalCode,
      wardId: wardId ?? null,
      from,
      to,
      timeZone: 'Asia/Makassar (WITA, UTC+08:00)',
      total: { ...result.total, scopeWardId },
      breakdown: groupRows.map((b) => ({
        wardId: b.ward_id,
        wardName: b.ward_name,
        bedClass: b.bed_class,
        ...result.groups.get(group(b.id))!,
        scopeWardId: b.ward_id,
      })),
      daily: result.daily.map((d) => ({ ...d, scopeWardId })),
    };
  }
}
