import { randomBytes } from 'node:crypto';
import { AuthService } from '../../src/auth/auth.service';
import type { Principal } from '../../src/auth/principal';
import type { Role } from '../../src/auth/roles';
import type { BedClass } from '../../src/beds/bed-class';
import type { BedStatus } from '../../src/beds/bed-status';
import { BedsService } from '../../src/beds/beds.service';
import type { BedModel } from '../../src/beds/beds.types';
import { SetupService } from '../../src/setup/setup.service';
import { Hospital } from '../../src/hospitals/hospital.entity';
import { Ward } from '../../src/hospitals/ward.entity';
import { ClaimCommandsService } from '../../src/ledger/claim-commands.service';
import { FundsService } from '../../src/ledger/funds.service';
import type { SubmitClaimInput } from '../../src/ledger/ledger.inputs';
import type { ClaimModel, FundModel } from '../../src/ledger/ledger.models';
import type { Medium } from './medium';

// Small builders for the medium tests. They write through the services, or the owning
// module's TypeORM repository where no service is needed (hospitals, wards).

const unique = (): string => randomBytes(4).toString('hex');

/** The service itself as an actor (the ADMIN of a test), not a stored user. */
export const SYSTEM_ADMIN: Principal = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'system',
  roles: ['ADMIN'],
  wardIds: [],
  hospitalId: null,
  hospitalCode: null,
};

export function newHospital(m: Medium, fields: Partial<Hospital> = {}): Promise<Hospital> {
  const code = `H-${unique()}`;
  return m.db.getRepository(Hospital).save({ code, name: `RS Uji ${code}`, city: 'Kota Kupang', address: 'Jl. Uji 1', phone: '0800000000', ...fields });
}

export async function newWard(m: Medium, hospital?: Hospital): Promise<Ward> {
  const h = hospital ?? (await newHospital(m));
  const code = `W${unique()}`.slice(0, 8);
  return m.db.getRepository(Ward).save({ hospitalId: h.id, code, name: `Bangsal ${code}`, service: 'Penyakit Dalam' });
}

/** An AVAILABLE bed in a room of its own, created by the setup service as an admin would. */
export async function newBed(m: Medium, ward?: Ward, bedClass: BedClass = 'KELAS_3'): Promise<BedModel> {
  const w = ward ?? (await newWard(m));
  const actor = { id: SYSTEM_ADMIN.id, username: SYSTEM_ADMIN.username, via: 'api' as const, hospitalId: null, hospitalCode: null };
  const setup = m.get(SetupService);
  const room = await setup.createRoom(actor, { wardId: w.id, code: `R${unique()}`, name: 'Kamar uji', sexPolicy: 'MIXED', kris: false });
  return setup.createBed(actor, { roomId: room.id, code: `${w.code}-${unique()}`.slice(0, 20), bedClass });
}

/** A bed brought to `status` by the bed service (an admission for OCCUPIED), as staff would. */
export async function bedIn(m: Medium, status: BedStatus, options: { ward?: Ward; bedClass?: BedClass } = {}): Promise<BedModel> {
  const beds = m.get(BedsService);
  let bed = await newBed(m, options.ward, options.bedClass);
  const step = async (to: BedStatus) => {
    bed = await beds.changeStatus(SYSTEM_ADMIN, { bedId: bed.id, expectedVersion: bed.version, status: to, reason: 'uji' });
  };
  switch (status) {
    case 'AVAILABLE':
      break;
    case 'OCCUPIED':
      bed = await beds.admit(SYSTEM_ADMIN, {
        bedId: bed.id,
        expectedVersion: bed.version,
        medicalRecordNumber: `RM-${unique()}`,
        emergency: true,
        payerStatus: 'NO_BPJS',
      });
      break;
    case 'CONTAMINATED':
      await step('CLEANING');
      await step('CONTAMINATED');
      break;
    default:
      await step(status);
  }
  return bed;
}

export interface TestUser {
  principal: Principal;
  username: string;
  password: string;
}

/** A stored user with one role (and wards), created through AuthService.createUser. */
export async function newUser(m: Medium, role: Role, wardIds: string[] = []): Promise<TestUser> {
  const username = `u${unique()}`;
  const password = `kata-sandi-${unique()}-uji`;
  const user = await m.get(AuthService).createUser(SYSTEM_ADMIN, { username, password, roles: [role], wardIds });
  return {
    principal: { id: user.id, username, roles: user.roles, wardIds: user.wardIds, hospitalId: user.hospitalId, hospitalCode: user.hospitalCode ?? null },
    username,
    password,
  };
}

// Past years: the opening of a fund is effective on 1 January of its year, so its claims (dated
// in that year) and a balance read now see the whole ceiling.
let fiscalYear = 2000;

/** A fund of a fiscal year of its own, opened through FundsService.openFund. */
export function newFund(m: Medium, ceiling = 1_000_000_000n): Promise<FundModel> {
  fiscalYear += 1;
  return m.get(FundsService).openFund(SYSTEM_ADMIN, { name: `Dana Uji ${fiscalYear}`, fiscalYear, ceiling });
}

/**
 * An emergency admission dated in the middle of `fiscalYear` (WITA), so a claim for it belongs
 * to that year's fund: the bed service admits now, then the admission's date is set back, as
 * for a patient admitted earlier in the year.
 */
export async function admissionInYear(m: Medium, fiscalYear: number): Promise<{ id: string; medicalRecordNumber: string }> {
  const bed = await bedIn(m, 'OCCUPIED');
  const [rows] = await m.db.query<[{ id: string; medical_record_number: string }[], number]>(
    `UPDATE admissions SET admitted_at = $2 WHERE bed_id = $1 AND discharged_at IS NULL RETURNING id, medical_record_number`,
    [bed.id, `${fiscalYear}-06-15T09:00:00+08:00`],
  );
  return { id: rows[0].id, medicalRecordNumber: rows[0].medical_record_number };
}

/**
 * A claim submitted by `clerk` (an ADMISSIONS user) through ClaimCommandsService.submit, for an
 * admission in the fund's fiscal year unless `fields` name one.
 */
export async function newClaim(m: Medium, clerk: Principal, fund: FundModel, fields: Partial<SubmitClaimInput> = {}): Promise<ClaimModel> {
  const admission = fields.admissionId === undefined ? await admissionInYear(m, fund.fiscalYear) : null;
  return m.get(ClaimCommandsService).submit(clerk, {
    idempotencyKey: `key-${unique()}`,
    fundId: fund.id,
    medicalRecordNumber: admission?.medicalRecordNumber ?? `RM-${unique()}`,
    admissionId: admission?.id,
    patientName: 'Pasien Uji',
    nik: null,
    payerStatus: 'NO_BPJS',
    emergency: true,
    amount: 25_000_000n,
    ...fields,
  });
}

let sp2dCounter = 0;
/** An SP2D of its own for a payment. */
export function sp2d(): { number: string; date: string } {
  sp2dCounter += 1;
  return { number: `${String(sp2dCounter).padStart(4, '0')}/SP2D/LS/${unique()}`, date: '2026-01-15' };
}
