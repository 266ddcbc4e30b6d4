import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../auth/principal';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { decodeCursor, encodeCursor, PageParams, pageSize, type Page } from '../common/pagination';
import { badInput, forbidden } from '../common/error-codes';
import { hospitalRefusal, mayAdministerInterfaces } from '../auth/hospital-scope';
import type { Hl7MessageRow } from './intake.repository';
import { IntakeService } from './intake.service';
import type { CodeMapRow, LocationMapRow } from './mapping.repository';
import { MappingService } from './mapping.service';
import {
  DismissHl7MessageArgs,
  Hl7CodeModel,
  Hl7LocationModel,
  Hl7MappingModel,
  Hl7MessageConnection,
  Hl7MessageFilter,
  Hl7MessageModel,
  SetHl7FacilityArgs,
  SetHl7LocationInput,
  SetHl7PayerArgs,
} from './intake.types';

const toMessage = (r: Hl7MessageRow): Hl7MessageModel => ({
  id: r.id,
  sender: r.sender,
  controlId: r.control_id,
  event: r.event,
  eventAt: r.event_at,
  sequence: r.sequence,
  medicalRecordNumber: r.medical_record_number,
  status: r.status,
  heldReason: r.held_reason,
  errorCode: r.error_code,
  errorLocation: r.error_location,
  errorText: r.error_text,
  outcome: r.outcome,
  summary: JSON.stringify(r.summary),
  raw: r.raw,
  remoteAddress: r.remote_address,
  attempts: r.attempts,
  receivedAt: r.received_at,
  decidedAt: r.decided_at,
});
const toLocation = (r: LocationMapRow): Hl7LocationModel => ({
  hospitalCode: r.hospital_code,
  pointOfCare: r.point_of_care,
  wardCode: r.ward_code,
  bedCodeTemplate: r.bed_code_template,
  updatedAt: r.updated_at,
});
const toCode = (r: CodeMapRow): Hl7CodeModel => ({ kind: r.kind, code: r.code, target: r.target, updatedAt: r.updated_at });

const ID_PATTERN = /^\d{1,18}$/;
function logId(id: string): string {
  if (!ID_PATTERN.test(id)) throw badInput('id must be an intake log id (digits).');
  return id;
}

/** The HL7 intake log and mapping (ADMIN). */
@Resolver()
export class IntakeResolver {
  constructor(
    private readonly intake: IntakeService,
    private readonly mapping: MappingService,
  ) {}

  @Roles('ADMIN')
  @Query(() => Hl7MessageConnection, { description: 'The HL7 intake log, newest first.' })
  async hl7Messages(
    @CurrentUser() p: Principal,
    @Args('filter', { type: () => Hl7MessageFilter, nullable: true }) filter: Hl7MessageFilter | undefined,
    @PageParams() { first, after }: Page,
  ): Promise<Hl7MessageConnection> {
    requireInterfaceAdmin(p);
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['bigint']);
    const { total, rows } = await this.intake.messages(filter ?? {}, cursor ? cursor[0] : null, limit + 1);
    const edges = rows.slice(0, limit).map((r) => ({ cursor: encodeCursor([r.id]), node: toMessage(r) }));
    return { edges, totalCount: total, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Roles('ADMIN')
  @Mutation(() => Hl7MessageModel, { description: 'A REFUSED or held message tried again now (after the mapping or the beds were put right).' })
  async retryHl7Message(@CurrentUser() p: Principal, @Args('id', { type: () => ID }) id: string): Promise<Hl7MessageModel> {
    requireInterfaceAdmin(p);
    return toMessage(await this.intake.retry(logId(id)));
  }

  @Roles('ADMIN')
  @Mutation(() => Hl7MessageModel, { description: 'A PENDING, REFUSED or REJECTED message set aside, with the reason.' })
  async dismissHl7Message(@CurrentUser() p: Principal, @Args() args: DismissHl7MessageArgs): Promise<Hl7MessageModel> {
    requireInterfaceAdmin(p);
    return toMessage(await this.intake.dismiss(p, args.id, args.reason));
  }

  @Roles('ADMIN')
  @Query(() => Hl7MappingModel, { description: 'How HL7 values map to hospitals, wards, beds and payer statuses.' })
  async hl7Mapping(@CurrentUser() p: Principal): Promise<Hl7MappingModel> {
    requireInterfaceAdmin(p);
    const [locations, codes] = await Promise.all([this.mapping.locations(), this.mapping.codes()]);
    return {
      locations: locations.map(toLocation),
      facilities: codes.filter((c) => c.kind === 'FACILITY').map(toCode),
      payers: codes.filter((c) => c.kind === 'PAYER').map(toCode),
    };
  }

  @Roles('ADMIN')
  @Mutation(() => Hl7LocationModel)
  async setHl7Location(@CurrentUser() p: Principal, @Args('input') input: SetHl7LocationInput): Promise<Hl7LocationModel> {
    requireInterfaceAdmin(p);
    return toLocation(await this.mapping.setLocation(p, input));
  }

  @Roles('ADMIN')
  @Mutation(() => Boolean, { description: 'False when there was no such mapping.' })
  removeHl7Location(@CurrentUser() p: Principal, @Args('hospitalCode') hospitalCode: string, @Args('pointOfCare') pointOfCare: string): Promise<boolean> {
    requireInterfaceAdmin(p);
    return this.mapping.removeLocation(hospitalCode, pointOfCare);
  }

  @Roles('ADMIN')
  @Mutation(() => Hl7CodeModel)
  async setHl7Facility(@CurrentUser() p: Principal, @Args() args: SetHl7FacilityArgs): Promise<Hl7CodeModel> {
    requireInterfaceAdmin(p);
    return toCode(await this.mapping.setFacility(p, args.facility, args.hospitalCode));
  }

  @Roles('ADMIN')
  @Mutation(() => Hl7CodeModel)
  async setHl7Payer(@CurrentUser() p: Principal, @Args() args: SetHl7PayerArgs): Promise<Hl7CodeModel> {
    requireInterfaceAdmin(p);
    return toCode(await this.mapping.setPayer(p, args.financialClass, args.payerStatus));
  }
}

/** The HL7 interface is the service's: administered by a service-wide ADMIN (see mayAdministerInterfaces). */
function requireInterfaceAdmin(p: Principal): void {
  if (!mayAdministerInterfaces(p)) throw forbidden(hospitalRefusal(p, 'The HL7 interface (its log and mapping) is administered service-wide'));
}
