import type { DataSource } from 'typeorm';
import type { BedClass } from '../beds/bed-class';
import type { BedStatus } from '../beds/bed-status';
import { BedsRepository, rebuildAvailability } from '../beds/beds.repository';
import type { PayerStatus } from '../beds/payer-status';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { seedLedger } from '../ledger/fund-opening';

/**
 * RSUD S.K. Lerik, Kota Kupang: a class C hospital with about 150 inpatient beds.
 *
 * The hospital's real ward names are not public, so the wards below are INVENTED and named
 * plainly by service and class; their bed numbers are plausible, not official. Patients in
 * seeded beds are synthetic (medical record numbers "SEED-…").
 */
export const SEED_HOSPITAL = {
  code: 'RSUD-SKLERIK',
  name: 'RSUD S.K. Lerik',
  city: 'Kota Kupang',
  address: 'Jl. Timor Raya Pasir No. 134, Kel. Pasir Panjang, Kota Kupang, NTT',
  phone: '081339010000',
};

export const SEED_WARDS: { code: string; name: string; service: string; beds: [BedClass, number][] }[] = [
  { code: 'PD3', name: 'Penyakit Dalam Kelas III', service: 'Penyakit Dalam', beds: [['KELAS_3', 26]] },
  { code: 'BD3', name: 'Bedah Kelas III', service: 'Bedah', beds: [['KELAS_3', 20]] },
  { code: 'AN3', name: 'Anak Kelas III', service: 'Anak', beds: [['KELAS_3', 12]] },
  { code: 'PD2', name: 'Penyakit Dalam Kelas II', service: 'Penyakit Dalam', beds: [['KELAS_2', 16]] },
  {
    code: 'OBG',
    name: 'Kebidanan dan Kandungan',
    service: 'Obstetri dan Ginekologi',
    beds: [
      ['KELAS_2', 10],
      ['KELAS_3', 6],
    ],
  },
  { code: 'KL1', name: 'Rawat Inap Kelas I', service: 'Campuran', beds: [['KELAS_1', 20]] },
  { code: 'VIP', name: 'Rawat Inap VIP', service: 'Campuran', beds: [['VIP', 8]] },
  { code: 'ICU', name: 'ICU', service: 'Intensif', beds: [['ICU', 6]] },
  { code: 'HCU', name: 'HCU', service: 'Intensif', beds: [['HCU', 6]] },
  {
    code: 'PRN',
    name: 'Perinatologi dan NICU',
    service: 'Anak',
    beds: [
      ['PERINATOLOGI', 8],
      ['NICU', 4],
    ],
  },
  { code: 'ISO', name: 'Isolasi', service: 'Penyakit Infeksi', beds: [['ISOLASI', 6]] },
];

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
}

/**
 * Seeds RSUD S.K. Lerik when it is not there yet; does nothing otherwise. One transaction:
 * a seed that fails leaves nothing behind.
 */
export async function seedDatabase(db: DataSource, log: SeedLog): Promise<boolean> {
  const hospitals = new HospitalsRepository(db);
  const beds = new BedsRepository(db);
  return db.transaction(async (m) => {
    // Two replicas starting together must not both seed.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('si-ranap seed'))`);
    if (await seedLedger(m)) log.log('seeded the 2025 emergency fund (Rp3.000.000.000)');
    if ((await hospitals.hospitalByCode(SEED_HOSPITAL.code, m)) !== null) return false;
    const hospitalId = await hospitals.insertHospital(m, SEED_HOSPITAL);
    const random = prng(20251118);
    let bedCount = 0;
    let patient = 0;
    for (const ward of SEED_WARDS) {
      const wardId = await hospitals.insertWard(m, { hospitalId, code: ward.code, name: ward.name, service: ward.service });
      let number = 0;
      for (const [bedClass, count] of ward.beds) {
        for (let i = 0; i < count; i++) {
          number += 1;
          const code = `${ward.code}-${String(number).padStart(2, '0')}`;
          const status = plausibleStatus(random());
          const hoursAgo = Math.floor(random() * 96) + 1;
          let admission: { medicalRecordNumber: string; emergency: boolean; payerStatus: PayerStatus } | null = null;
          if (status === 'OCCUPIED') {
            patient += 1;
            const payerStatus = PAYERS[Math.floor(random() * PAYERS.length)];
            admission = { medicalRecordNumber: `SEED-${String(patient).padStart(5, '0')}`, emergency: random() < 0.4, payerStatus };
          }
          await beds.insertBed(m, { wardId, code, bedClass, status, sinceHoursAgo: hoursAgo, admission, reason: 'seed' });
          bedCount += 1;
        }
      }
      log.log(`seeded ward ${ward.code} (${number} beds)`);
    }
    await rebuildAvailability(m);
    log.log(`seeded ${SEED_HOSPITAL.name}: ${SEED_WARDS.length} wards, ${bedCount} beds`);
    return true;
  });
}
