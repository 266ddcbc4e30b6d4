// What a bed tile shows and which actions a tap offers. The actions come from the service's own
// status machine (src/beds/bed-status.ts, bundled into the console), never from a second table.
import { BED_CLASSES, type BedClass } from '../../../src/beds/bed-class';
import { allowedTargets, AVAILABILITY_BUCKET, type AvailabilityBucket, type BedStatus } from '../../../src/beds/bed-status';
import type { PayerStatus as ServerPayerStatus } from '../../../src/beds/payer-status';
import type { PayerStatus } from '../gql/graphql';

export interface BedTile {
  id: string;
  code: string;
  bedClass: BedClass;
  status: BedStatus;
  statusSince: string;
  version: number;
  wardId: string;
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

export const classLabel = (c: BedClass): string => BED_CLASSES[c].label;

/** "35 menit", "2 jam 5 menit", "3 hari": how long a bed has been in its state. */
export function durationText(sinceIso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 60_000));
  if (minutes < 1) return 'baru saja';
  if (minutes < 60) return `${minutes} menit`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} jam` : `${hours} jam ${minutes % 60} menit`;
  return `${Math.floor(hours / 24)} hari`;
}

/** "dibersihkan 35 menit" */
export const stateText = (bed: Pick<BedTile, 'status' | 'statusSince'>, now: number): string =>
  `${STATUS_TEXT[bed.status].label.toLowerCase()} ${durationText(bed.statusSince, now)}`;

export type BedAction =
  | { kind: 'admit'; label: string }
  | { kind: 'discharge'; label: string; contaminatedAllowed: boolean }
  | { kind: 'transfer'; label: string }
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

/** Beds grouped for display: by class until wards have rooms; codes in natural order. */
export function groupByClass(beds: Iterable<BedTile>): { bedClass: BedClass; label: string; beds: BedTile[] }[] {
  const groups = new Map<BedClass, BedTile[]>();
  for (const b of beds) groups.set(b.bedClass, [...(groups.get(b.bedClass) ?? []), b]);
  const order = Object.keys(BED_CLASSES);
  return [...groups.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([bedClass, list]) => ({
      bedClass,
      label: classLabel(bedClass),
      beds: list.sort((x, y) => x.code.localeCompare(y.code, 'id', { numeric: true })),
    }));
}

/** A newer state replaces an older one; an older or equal version (a late message) is ignored. */
export function merge(current: BedTile | undefined, next: BedTile): BedTile {
  return current && current.version >= next.version ? current : next;
}
