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
export const SYSTEM_ADMIN: Principal = { id: '00000000-0000-4000-8000-000000000001', username: 'system', roles: ['ADMIN'], wardIds: [] };

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
  const actor = { id: SYSTEM_ADMIN.id, username: SYSTEM_ADMIN.username, via: 'api' as const };
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
  return { principal: { id: user.id, username, roles: user.roles, wardIds: user.wardIds }, username, password };
}

let fiscalYear = 2030;

/** A fund of a fiscal year of its own, opened through FundsService.openFund. */
export function newFund(m: Medium, ceiling = 1_000_000_000n): Promise<FundModel> {
  fiscalYear += 1;
  return m.get(FundsService).openFund(SYSTEM_ADMIN, { name: `Dana Uji ${fiscalYear}`, fiscalYear, ceiling });
}

/** A claim submitted by `clerk` (an ADMISSIONS user) through ClaimCommandsService.submit. */
export function newClaim(m: Medium, clerk: Principal, fund: FundModel, fields: Partial<SubmitClaimInput> = {}): Promise<ClaimModel> {
  return m.get(ClaimCommandsService).submit(clerk, {
    idempotencyKey: `key-${unique()}`,
    fundId: fund.id,
    medicalRecordNumber: `RM-${unique()}`,
    patientName: 'Pasien Uji',
    nik: null,
    payerStatus: 'NO_BPJS',
    emergency: true,
    amount: 25_000_000n,
    ...fields,
  });
}
