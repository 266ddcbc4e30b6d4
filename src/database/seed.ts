import type { DataSource } from 'typeorm';
import { bucketCountColumns } from '../availability/bucket-counts';
import type { BedClass } from '../beds/bed-class';
import type { BedStatus } from '../beds/bed-status';
import type { PayerStatus } from '../beds/payer-status';
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
  { code: 'OBG', name: 'Kebidanan dan Kandungan', service: 'Obstetri dan Ginekologi', beds: [['KELAS_2', 10], ['KELAS_3', 6]] },
  { code: 'KL1', name: 'Rawat Inap Kelas I', service: 'Campuran', beds: [['KELAS_1', 20]] },
  { code: 'VIP', name: 'Rawat Inap VIP', service: 'Campuran', beds: [['VIP', 8]] },
  { code: 'ICU', name: 'ICU', service: 'Intensif', beds: [['ICU', 6]] },
  { code: 'HCU', name: 'HCU', service: 'Intensif', beds: [['HCU', 6]] },
  { code: 'PRN', name: 'Perinatologi dan NICU', service: 'Anak', beds: [['PERINATOLOGI', 8], ['NICU', 4]] },
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
  return db.transaction(async (m) => {
    // Two replicas starting together must not both seed.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('si-ranap seed'))`);
    if (await seedLedger(m)) log.log('seeded the 2025 emergency fund (Rp3.000.000.000)');
    const existing = await m.query(`SELECT 1 FROM hospitals WHERE code = $1`, [SEED_HOSPITAL.code]);
    if (existing.length > 0) return false;
    const [{ id: hospitalId }] = await m.query(
      `INSERT INTO hospitals (code, name, city, address, phone) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [SEED_HOSPITAL.code, SEED_HOSPITAL.name, SEED_HOSPITAL.city, SEED_HOSPITAL.address, SEED_HOSPITAL.phone],
    );
    const random = prng(20251118);
    let bedCount = 0;
    let patient = 0;
    for (const ward of SEED_WARDS) {
      const [{ id: wardId }] = await m.query(
        `INSERT INTO wards (hospital_id, code, name, service) VALUES ($1, $2, $3, $4) RETURNING id`,
        [hospitalId, ward.code, ward.name, ward.service],
      );
      let number = 0;
      for (const [bedClass, count] of ward.beds) {
        for (let i = 0; i < count; i++) {
          number += 1;
          const code = `${ward.code}-${String(number).padStart(2, '0')}`;
          const status = plausibleStatus(random());
          const hoursAgo = Math.floor(random() * 96) + 1;
          const [{ id: bedId }] = await m.query(
            `INSERT INTO beds (ward_id, code, bed_class, status, status_since)
             VALUES ($1, $2, $3, $4, now() - make_interval(hours => $5)) RETURNING id`,
            [wardId, code, bedClass, status, hoursAgo],
          );
          let admissionId: string | null = null;
          if (status === 'OCCUPIED') {
            patient += 1;
            const payer = PAYERS[Math.floor(random() * PAYERS.length)];
            const [{ id }] = await m.query(
              `INSERT INTO admissions (bed_id, medical_record_number, emergency, payer_status, admitted_at)
               VALUES ($1, $2, $3, $4, now() - make_interval(hours => $5)) RETURNING id`,
              [bedId, `SEED-${String(patient).padStart(5, '0')}`, random() < 0.4, payer, hoursAgo],
            );
            admissionId = id as string;
            await m.query(`UPDATE beds SET current_admission_id = $2 WHERE id = $1`, [bedId, admissionId]);
          }
          await m.query(
            `INSERT INTO bed_events (bed_id, from_status, to_status, reason, at, admission_id)
             VALUES ($1, NULL, $2, 'seed', now() - make_interval(hours => $3), $4)`,
            [bedId, status, hoursAgo, admissionId],
          );
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

/** Recomputes every counter row from the beds table (seed, bulk loads, repair). */
export async function rebuildAvailability(m: Pick<DataSource, 'query'>): Promise<void> {
  await m.query(
    `INSERT INTO ward_availability (ward_id, bed_class, total, available, occupied, reserved, cleaning, closed, seq, updated_at)
     SELECT ward_id, bed_class, count(*), ${bucketCountColumns()}, 1, now()
       FROM beds GROUP BY ward_id, bed_class
     ON CONFLICT (ward_id, bed_class) DO UPDATE SET
       total = EXCLUDED.total, available = EXCLUDED.available, occupied = EXCLUDED.occupied,
       reserved = EXCLUDED.reserved, cleaning = EXCLUDED.cleaning, closed = EXCLUDED.closed,
       seq = ward_availability.seq + 1, updated_at = now()`,
  );
}
