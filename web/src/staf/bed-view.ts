// What a bed tile shows and which actions a tap offers. The actions come from the service's own
// status machine (src/beds/bed-status.ts, bundled into the console), never from a second table.
import { BED_CLASSES, type BedClass } from '../../../src/beds/bed-class';
import { allowedTargets, AVAILABILITY_BUCKET, type AvailabilityBucket, type BedStatus } from '../../../src/beds/bed-status';
import type { PayerStatus as ServerPayerStatus } from '../../../src/beds/payer-status';
import type { PatientSex as ServerPatientSex } from '../../../src/beds/patient-sex';
import type { ReservationPurpose as ServerReservationPurpose } from '../../../src/beds/reservation-rules';
import type { SexPolicy as ServerSexPolicy } from '../../../src/hospitals/sex-policy';
import type { PatientSex, PayerStatus, ReservationPurpose, SexPolicy } from '../gql/graphql';

export interface BedTile {
  id: string;
  code: string;
  bedClass: BedClass;
  status: BedStatus;
  statusSince: string;
  version: number;
  wardId: string;
  roomId: string;
  /** While RESERVED: when the service frees the bed. */
  reservedUntil: string | null;
  reservationPurpose: ReservationPurpose | null;
}

export interface RoomInfo {
  id: string;
  code: string;
  name: string;
  sexPolicy: SexPolicy;
}

/** Status in words, with a symbol so that no status is told by colour alone. */
export const STATUS_TEXT: Record<BedStatus, { label: string; symbol: string }> = {
  AVAILABLE: { label: 'Kosong', symbol: '○' },
  OCCUPIED: { label: 'Terisi', symbol: '●' },
  RESERVED: { label: 'Dipesan', symbol: '◆' },
  CLEANING: { label: 'Dibersihkan', symbol: '≈' },
  CONTAMINATED: { label: 'Perlu disinfeksi', symbol: '☣' },
  CLOSED: { label: 'Ditutup', symbol: '✕' },
  ISOLATED: { label: 'Isolasi', symbol: '▲' },
};

export const BUCKET_TEXT: Record<AvailabilityBucket, string> = {
  available: 'Kosong',
  occupied: 'Terisi',
  cleaning: 'Dibersihkan',
  reserved: 'Dipesan',
  closed: 'Ditutup',
};

/** The payer statuses in words (both the schema's and the service's list must match this). */
export const PAYER_TEXT: Record<PayerStatus & ServerPayerStatus, string> = {
  BPJS_ACTIVE: 'BPJS aktif',
  BPJS_INACTIVE: 'BPJS tidak aktif',
  NO_BPJS: 'Tanpa BPJS',
  OTHER_INSURANCE: 'Asuransi lain',
  SELF_PAY: 'Bayar sendiri (umum)',
};

/** Who a room takes, in words (the schema's and the service's lists must match this). */
export const SEX_POLICY_TEXT: Record<SexPolicy & ServerSexPolicy, string> = {
  MALE: 'Laki-laki',
  FEMALE: 'Perempuan',
  MIXED: 'Campur',
};

/** The patient's sex as the admit form asks it. */
export const SEX_TEXT: Record<PatientSex & ServerPatientSex, string> = {
  MALE: 'Laki-laki',
  FEMALE: 'Perempuan',
};

/** What a reservation is for, in words. */
export const PURPOSE_TEXT: Record<ReservationPurpose & ServerReservationPurpose, string> = {
  REFERRAL: 'Rujukan dari faskes lain',
  IGD: 'Pasien dari IGD',
  ELECTIVE: 'Elektif (rawat inap terencana)',
};

/** The refusal of a room for the patient's sex, naming who the room takes. */
export function roomSexRefusal(policy: SexPolicy, roomName: string | null): string {
  const who = policy === 'MALE' ? 'pasien laki-laki' : policy === 'FEMALE' ? 'pasien perempuan' : 'pasien laki-laki dan perempuan';
  return `${roomName ?? 'Kamar ini'} hanya untuk ${who} (${SEX_POLICY_TEXT[policy]}); jenis kelamin pasien tidak sesuai. Pilih tempat tidur di kamar lain.`;
}

export const classLabel = (c: BedClass): string => BED_CLASSES[c].label;

/** "35 menit", "2 jam 5 menit", "3 hari": how long a bed has been in its state. */
export function durationText(sinceIso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 60_000));
  return minutes < 1 ? 'baru saja' : spanText(minutes);
}

/** A span of at least one minute in words: "35 menit", "2 jam 5 menit", "3 hari". */
function spanText(minutes: number): string {
  if (minutes < 60) return `${minutes} menit`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} jam` : `${hours} jam ${minutes % 60} menit`;
  return `${Math.floor(hours / 24)} hari`;
}

/** "sisa 2 jam 10 menit": how long a reservation still holds the bed (the service frees it then). */
export function remainingText(untilIso: string, now: number): string {
  const minutes = Math.floor((Date.parse(untilIso) - now) / 60_000);
  if (Date.parse(untilIso) <= now) return 'waktu habis, segera dilepas';
  return minutes < 1 ? 'sisa kurang dari 1 menit' : `sisa ${spanText(minutes)}`;
}

/** "dibersihkan 35 menit"; a reservation says its time left: "dipesan, sisa 2 jam 10 menit". */
export function stateText(bed: Pick<BedTile, 'status' | 'statusSince'> & Partial<Pick<BedTile, 'reservedUntil'>>, now: number): string {
  const label = STATUS_TEXT[bed.status].label.toLowerCase();
  if (bed.status === 'RESERVED' && bed.reservedUntil) return `${label}, ${remainingText(bed.reservedUntil, now)}`;
  return `${label} ${durationText(bed.statusSince, now)}`;
}

export type BedAction =
  | { kind: 'admit'; label: string }
  | { kind: 'discharge'; label: string; contaminatedAllowed: boolean }
  | { kind: 'transfer'; label: string }
  | { kind: 'reserve'; label: string }
  | { kind: 'status'; label: string; to: BedStatus; needsReason: boolean };

/** The label of a plain status change depends on where the bed comes from. */
function statusLabel(from: BedStatus, to: BedStatus): string {
  switch (to) {
    case 'AVAILABLE':
      if (from === 'CLEANING') return 'Selesai dibersihkan';
      if (from === 'RESERVED') return 'Batalkan pesanan';
      return 'Buka kembali';
    case 'RESERVED':
      return 'Pesan (reservasi)';
    case 'CLEANING':
      return from === 'CONTAMINATED' ? 'Disinfeksi selesai, bersihkan' : 'Perlu dibersihkan';
    case 'CLOSED':
      return 'Tutup tempat tidur';
    case 'ISOLATED':
      return 'Jadikan isolasi';
    case 'CONTAMINATED':
      return 'Perlu disinfeksi';
    case 'OCCUPIED':
      return 'Terima pasien';
  }
}

/** Closing and reopening a bed are explained; the bed history keeps the reason. */
const REASON_REQUIRED: ReadonlySet<BedStatus> = new Set(['CLOSED', 'ISOLATED']);

/** Every action the status machine allows from `status`, in the order the nurse needs them. */
export function actionsFor(status: BedStatus): BedAction[] {
  const actions: BedAction[] = [];
  if (allowedTargets(status, 'admit').includes('OCCUPIED')) actions.push({ kind: 'admit', label: 'Terima pasien' });
  const release = allowedTargets(status, 'release');
  if (release.length > 0) {
    actions.push({ kind: 'discharge', label: 'Pulangkan pasien', contaminatedAllowed: release.includes('CONTAMINATED') });
    actions.push({ kind: 'transfer', label: 'Pindahkan pasien' });
  }
  for (const to of allowedTargets(status, 'status')) {
    // A reservation says what it is for and how long it holds the bed.
    if (to === 'RESERVED') {
      actions.push({ kind: 'reserve', label: statusLabel(status, to) });
      continue;
    }
    const reopening = to === 'AVAILABLE' && (status === 'CLOSED' || status === 'ISOLATED');
    actions.push({ kind: 'status', to, label: statusLabel(status, to), needsReason: REASON_REQUIRED.has(to) || reopening });
  }
  return actions;
}

/** The summary counts, under the same buckets the public page uses. */
export function summary(beds: Iterable<Pick<BedTile, 'status'>>): Record<AvailabilityBucket, number> {
  const counts: Record<AvailabilityBucket, number> = { available: 0, occupied: 0, cleaning: 0, reserved: 0, closed: 0 };
  for (const b of beds) counts[AVAILABILITY_BUCKET[b.status]] += 1;
  return counts;
}

const natural = (a: string, b: string) => a.localeCompare(b, 'id', { numeric: true });

export interface RoomGroup {
  roomId: string;
  /** The room's name, or a plain word when the room is not known yet (created after the ward was read). */
  label: string;
  sexPolicy: SexPolicy | null;
  beds: BedTile[];
}

/** Beds grouped by room (kamar), rooms and bed codes in natural order. */
export function groupByRoom(beds: Iterable<BedTile>, rooms: readonly RoomInfo[]): RoomGroup[] {
  const groups = new Map<string, BedTile[]>();
  for (const b of beds) groups.set(b.roomId, [...(groups.get(b.roomId) ?? []), b]);
  const byId = new Map(rooms.map((r) => [r.id, r]));
  // Unknown rooms last.
  const order = (id: string) => byId.get(id)?.code ?? '\uffff';
  return [...groups.entries()]
    .sort(([a], [b]) => natural(order(a), order(b)))
    .map(([roomId, list]) => {
      const room = byId.get(roomId);
      return { roomId, label: room?.name ?? 'Kamar lain', sexPolicy: room?.sexPolicy ?? null, beds: list.sort((x, y) => natural(x.code, y.code)) };
    });
}

/** A newer state replaces an older one; an older or equal version (a late message) is ignored. */
export function merge(current: BedTile | undefined, next: BedTile): BedTile {
  return current && current.version >= next.version ? current : next;
}
