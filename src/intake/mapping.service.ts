import { Injectable } from '@nestjs/common';
import { badInput, notFound } from '../common/error-codes';
import type { Principal } from '../auth/principal';
import { PAYER_STATUSES } from '../beds/payer-status';
import { HospitalsService } from '../hospitals/hospitals.service';
import type { Hl7Error, Hl7Location } from './adt-message';
import { bedCodeFor, describeLocation, isValidTemplate, mapPayer, type Decision } from './intake-rules';
import { MappingRepository, type CodeMapRow, type Hl7CodeKind, type LocationMapRow } from './mapping.repository';
import type { PayerStatus } from '../beds/payer-status';

/** Where a location points after the mapping: the hospital, the ward and the bed code. */
export interface MappedBed {
  hospitalCode: string;
  wardCode: string;
  bedCode: string;
}

/** The mapping from HL7 values to the service's, as the admin keeps it (read per message, so changes apply at once). */
@Injectable()
export class MappingService {
  constructor(
    private readonly repo: MappingRepository,
    private readonly hospitals: HospitalsService,
  ) {}

  async hospitalFor(sendingFacility: string): Promise<Decision<string>> {
    const facilities = await this.repo.codes('FACILITY');
    const hit = facilities.find((f) => f.code === sendingFacility);
    if (hit) return { ok: true, value: hit.target };
    return {
      ok: false,
      error: {
        code: '204',
        location: 'MSH^1^4',
        text: `Sending facility "${sendingFacility}" (MSH-4) is not mapped to a hospital; mapped: ${facilities.map((f) => f.code).join(', ') || 'none'}. An admin maps it with setHl7Facility.`,
      },
    };
  }

  async bedFor(hospitalCode: string, loc: Hl7Location | null, where: string, field: string): Promise<Decision<MappedBed>> {
    if (!loc || !loc.pointOfCare || !loc.bed) {
      return { ok: false, error: { code: '101', location: where, text: `${field} must name the bed: point of care^room^bed^facility.` } };
    }
    const row = await this.repo.location(hospitalCode, loc.pointOfCare);
    if (!row) {
      const known = (await this.repo.locations()).filter((l) => l.hospital_code === hospitalCode).map((l) => l.point_of_care);
      const error: Hl7Error = {
        code: '204',
        location: where,
        text: `Point of care "${loc.pointOfCare}" (${field} "${describeLocation(loc)}") is not mapped to a ward of ${hospitalCode}; mapped: ${known.join(', ') || 'none'}. An admin maps it with setHl7Location.`,
      };
      return { ok: false, error };
    }
    return { ok: true, value: { hospitalCode, wardCode: row.ward_code, bedCode: bedCodeFor(row.bed_code_template, loc) } };
  }

  async payerFor(financialClass: string): Promise<Decision<PayerStatus>> {
    const table = new Map((await this.repo.codes('PAYER')).map((c) => [c.code.toUpperCase(), c.target]));
    return mapPayer(financialClass, table);
  }

  // ---- the admin's side ----

  locations(): Promise<LocationMapRow[]> {
    return this.repo.locations();
  }

  codes(kind?: Hl7CodeKind): Promise<CodeMapRow[]> {
    return this.repo.codes(kind);
  }

  async setLocation(
    actor: Principal,
    input: { hospitalCode: string; pointOfCare: string; wardCode: string; bedCodeTemplate?: string | null },
  ): Promise<LocationMapRow> {
    const template = input.bedCodeTemplate ?? '{bed}';
    if (!isValidTemplate(template)) {
      throw badInput(
        `bedCodeTemplate "${template}" must contain {bed} and may use {pointOfCare} and {room}, giving a bed code (letters, digits, ".", "_", "-").`,
      );
    }
    const hospital = await this.hospitals.hospitalByCode(input.hospitalCode);
    const wards = await this.hospitals.wardsOf(hospital.id);
    if (!wards.some((w) => w.code === input.wardCode)) {
      throw notFound('Ward', `${input.wardCode} of ${input.hospitalCode} (wards: ${wards.map((w) => w.code).join(', ') || 'none'})`);
    }
    return this.repo.upsertLocation({ ...input, bedCodeTemplate: template }, actor.id);
  }

  async removeLocation(hospitalCode: string, pointOfCare: string): Promise<boolean> {
    return this.repo.removeLocation(hospitalCode, pointOfCare);
  }

  async setFacility(actor: Principal, facility: string, hospitalCode: string): Promise<CodeMapRow> {
    await this.hospitals.hospitalByCode(hospitalCode);
    return this.repo.upsertCode('FACILITY', facility, hospitalCode, actor.id);
  }

  async setPayer(actor: Principal, financialClass: string, payerStatus: string): Promise<CodeMapRow> {
    if (!(PAYER_STATUSES as readonly string[]).includes(payerStatus)) throw badInput(`payerStatus must be one of ${PAYER_STATUSES.join(', ')}.`);
    return this.repo.upsertCode('PAYER', financialClass.toUpperCase(), payerStatus, actor.id);
  }

  removeCode(kind: Hl7CodeKind, code: string): Promise<boolean> {
    return this.repo.removeCode(kind, kind === 'PAYER' ? code.toUpperCase() : code);
  }
}
