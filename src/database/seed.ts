import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { BedSetupService } from '../beds/bed-setup.service';
import type { BedStatus } from '../beds/bed-status';
import { BedsRepository } from '../beds/beds.repository';
import { AppConfig } from '../config/app-config';
import { Environment } from '../config/environment';
import { BedsService } from '../beds/beds.service';
import type { PayerStatus } from '../beds/payer-status';
import { MetricsService } from '../health/metrics.service';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { seedLedger } from '../ledger/fund-opening';
import { OutboxRepository } from '../outbox/outbox.repository';
import { OutboxService } from '../outbox/outbox.service';
import { SetupAuditRepository } from '../setup/setup-audit.repository';
import { SetupService, type SetupActor } from '../setup/setup.service';

/**
 * DEMONSTRATION DATA ("Data contoh"), for a local `npm start` and the tests; off by default in
 * production. RSUD S.K. Lerik, Kota Kupang, is a class C hospital with about 150 inpatient
 * beds; its real ward names are not public, so the wards, rooms and beds of the demo CSV are
 * INVENTED and named plainly by service and class. Patients in occupied beds are synthetic
 * (medical record numbers "SEED-…"). The hospital is marked `demo`, so the public page says so.
 */
export const DEMO_HOSPITAL = {
  code: 'RSUD-SKLERIK',
  name: 'RSUD S.K. Lerik',
  city: 'Kota Kupang',
  address: 'Jl. Timor Raya Pasir No. 134, Kel. Pasir Panjang, Kota Kupang, NTT',
  phone: '081339010000',
  rsOnlineCode: null,
  demo: true,
};

/** The demo's wards, rooms and beds, imported as a real hospital's file would be. */
export const DEMO_CSV = 'seed/demo-beds.csv';

const SEED_ACTOR: SetupActor = { id: null, username: null, via: 'seed', hospitalId: null, hospitalCode: null };
/** The bed service needs an actor for the history: the nil UUID, no user. */
const SEED_PRINCIPAL: Principal = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'seed',
  roles: ['ADMIN'],
  wardIds: [],
  hospitalId: null,
  hospitalCode: null,
};

/** Deterministic, so every fresh database starts the same: mulberry32. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function plausibleStatus(r: number): BedStatus {
  if (r < 0.68) return 'OCCUPIED';
  if (r < 0.86) return 'AVAILABLE';
  if (r < 0.92) return 'CLEANING';
  if (r < 0.96) return 'RESERVED';
  return 'CLOSED';
}

const PAYERS: PayerStatus[] = ['BPJS_ACTIVE', 'BPJS_ACTIVE', 'BPJS_ACTIVE', 'BPJS_ACTIVE', 'BPJS_INACTIVE', 'NO_BPJS', 'SELF_PAY', 'OTHER_INSURANCE'];

export interface SeedLog {
  log(message: string): void;
  warn?(message: string): void;
}

const SEED_LOCK = `hashtext('si-ranap seed')`;

/**
 * Seeds the demo hospital when it is not there yet; does nothing otherwise. Through the same
 * paths as a real hospital: createHospital, the bed import of DEMO_CSV, then the bed service
 * (admissions and status changes) for a plausible ward state. A session lock keeps two
 * replicas starting together from both seeding.
 */
export async function seedDatabase(db: DataSource, log: SeedLog): Promise<boolean> {
  const lock = db.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(${SEED_LOCK})`);
    if (await db.transaction((m) => seedLedger(m))) log.log('seeded the 2025 emergency fund (Rp3.000.000.000)');
    const hospitals = new HospitalsRepository(db);
    const existing = await hospitals.hospitalByCode(DEMO_HOSPITAL.code);
    if (existing) {
      if (existing.demo)
        (log.warn ?? log.log).call(log, `Data contoh: ${existing.name} here is demonstration data (SEED_ON_START); not a real hospital's beds`);
      return false;
    }
    const bedsRepo = new BedsRepository(db);
    const outbox = new OutboxService(new OutboxRepository(db));
    const setup = new SetupService(db, hospitals, bedsRepo, new BedSetupService(bedsRepo, outbox), new SetupAuditRepository(db), outbox);
    // The seed's reservations run the default length (a fresh Environment's RESERVATION_HOURS).
    const beds = new BedsService(db, bedsRepo, new MetricsService(), outbox, hospitals, new AppConfig(new Environment(), '', ''));

    await setup.createHospital(SEED_ACTOR, DEMO_HOSPITAL);
    const report = await setup.importBeds(SEED_ACTOR, DEMO_HOSPITAL.code, readFileSync(resolve(process.cwd(), DEMO_CSV), 'utf8'), false);
    const random = prng(20251118);
    let patient = 0;
    let after: string | undefined;
    do {
      const page = await beds.beds({ hospitalCode: DEMO_HOSPITAL.code }, 200, after);
      for (const { node: bed } of page.edges) {
        const status = plausibleStatus(random());
        const base = { bedId: bed.id, expectedVersion: bed.version };
        if (status === 'OCCUPIED') {
          patient += 1;
          await beds.admit(SEED_PRINCIPAL, {
            ...base,
            medicalRecordNumber: `SEED-${String(patient).padStart(5, '0')}`,
            emergency: random() < 0.4,
            payerStatus: PAYERS[Math.floor(random() * PAYERS.length)],
          });
        } else if (status !== 'AVAILABLE') {
          await beds.changeStatus(SEED_PRINCIPAL, { ...base, status, reason: 'data contoh' });
        }
      }
      after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? undefined) : undefined;
    } while (after);
    (log.warn ?? log.log).call(
      log,
      `Data contoh: seeded DEMONSTRATION data for ${DEMO_HOSPITAL.name} from ${DEMO_CSV}: ${report.wards.created} wards, ${report.rooms.created} rooms, ${report.beds.created} beds, ${patient} synthetic patients (SEED-…); set SEED_ON_START=false for a real hospital`,
    );
    return true;
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(${SEED_LOCK})`).catch(() => undefined);
    await lock.release();
  }
}
