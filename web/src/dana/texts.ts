import type { ClaimAction, ClaimStatus, PayerStatus } from '../gql/graphql';
import { RequestError } from '../shared/graphql';
import { errorText } from '../shared/messages';
import type { FundScreen } from './duties';

export const SCREEN_TITLE: Record<FundScreen, string> = {
  submit: 'Pengajuan klaim',
  verify: 'Verifikasi (Inspektorat)',
  pay: 'Pembayaran (BPKAD)',
  audit: 'Audit',
};

export const STATUS_TEXT: Record<ClaimStatus, string> = {
  REQUESTED: 'Diajukan',
  HELD: 'Dicadangkan',
  VERIFIED: 'Terverifikasi',
  PAID: 'Dibayar',
  REFUNDED: 'Dikembalikan',
  REJECTED: 'Ditolak',
  EXPIRED: 'Kedaluwarsa',
};

export const ACTION_TEXT: Record<ClaimAction, string> = {
  SUBMIT: 'Diajukan',
  HOLD: 'Dana dicadangkan',
  ATTACH: 'Dokumen dilampirkan',
  FLAG: 'Ditandai',
  VERIFY: 'Diverifikasi',
  REJECT: 'Ditolak',
  EXPIRE: 'Cadangan kedaluwarsa',
  PAY: 'Dibayar',
  REFUND: 'Pengembalian',
};

export const PAYER_TEXT: Record<PayerStatus, string> = {
  NO_BPJS: 'Tidak punya BPJS',
  BPJS_INACTIVE: 'BPJS tidak aktif',
  BPJS_ACTIVE: 'BPJS aktif',
  OTHER_INSURANCE: 'Asuransi lain',
  SELF_PAY: 'Bayar sendiri',
};

const DUPLICATE_REASON: Record<string, string> = {
  SAME_NIK: 'NIK sama',
  SAME_RECORD_NUMBER: 'nomor rekam medis sama',
  SAME_ADMISSION: 'admisi yang sama',
  WITHIN_WINDOW: 'dalam jangka waktu berdekatan',
};

export function duplicateReasons(reasons: readonly string[]): string {
  return reasons.map((r) => DUPLICATE_REASON[r] ?? r).join(', ');
}

/** A step on a claim, for the refusal texts. */
export type FundStep = 'SUBMIT' | 'ATTACH' | 'VERIFY' | 'REJECT' | 'PAY' | 'REFUND' | 'CLOSE' | 'OPEN' | 'READ';

/**
 * What a refusal of a fund step means, in Bahasa Indonesia. The shared texts are the ward
 * console's; here FORBIDDEN is about the separation of duties, a conflict about the claim's
 * state, DUPLICATE about the SP2D number.
 */
export function fundErrorText(err: unknown, step: FundStep): string {
  if (!(err instanceof RequestError)) return errorText('UNKNOWN');
  console.warn(`${step}: ${err.code}: ${err.message}`);
  switch (err.code) {
    case 'FORBIDDEN':
      if (step === 'VERIFY' || step === 'PAY')
        return 'Ditolak server: pengaju, pemverifikasi dan pembayar satu klaim harus orang yang berbeda, dan peran Anda harus sesuai.';
      if (step === 'ATTACH') return 'Hanya pengaju klaim yang boleh melampirkan dokumen.';
      return 'Anda tidak berwenang untuk tindakan ini.';
    case 'INVALID_TRANSITION':
    case 'VERSION_CONFLICT':
      return 'Status klaim sudah berubah (mungkin oleh petugas lain). Muat ulang untuk melihat status terbarunya.';
    case 'DUPLICATE':
      if (step === 'OPEN') return 'Dana untuk tahun anggaran ini sudah dibuka.';
      return step === 'PAY' ? 'Nomor SP2D ini sudah dipakai untuk pembayaran lain dari dana ini.' : 'Klaim ini sudah tercatat.';
    case 'NOT_ELIGIBLE':
      return 'Pasien tidak memenuhi syarat dana darurat (harus gawat darurat dan tanpa BPJS aktif).';
    case 'INSUFFICIENT_FUNDS':
      return 'Saldo dana tidak mencukupi untuk jumlah ini.';
    case 'BAD_USER_INPUT':
      if (step === 'CLOSE') return 'Tahun anggaran belum dapat ditutup: masih ada klaim yang diajukan, dicadangkan atau terverifikasi.';
      if (step === 'READ') return 'Permintaan tidak dapat dipenuhi server; periksa isian penyaring.';
      if (step === 'OPEN') return 'Nama atau pagu dana belum benar (pagu dalam rupiah utuh, tidak melebihi batas yang diizinkan).';
      return 'Isian belum benar atau tidak diizinkan untuk klaim ini.';
    default:
      return errorText(err.code);
  }
}

/** The server's own (English) words, shown small beside the Indonesian text for support staff. */
export function serverDetail(err: unknown): string | null {
  return err instanceof RequestError && err.code !== 'NETWORK' ? err.message : null;
}

const WITA = 'Asia/Makassar';
const dateTime = new Intl.DateTimeFormat('id-ID', { timeZone: WITA, dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('id-ID', { timeZone: WITA, dateStyle: 'medium' });

/** An instant as Kupang reads it: "12 Mar 2026, 14.05 WITA". */
export function witaDateTime(iso: string): string {
  return `${dateTime.format(new Date(iso))} WITA`;
}

export function witaDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/** Today in WITA as YYYY-MM-DD (the SP2D date's default). */
export function witaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: WITA, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The first instant of a WITA day YYYY-MM-DD, for the DateTime filters. */
export function witaStartOf(day: string): string {
  return `${day}T00:00:00+08:00`;
}

/** The first instant of the WITA day after YYYY-MM-DD (an inclusive "to" day as an exclusive bound). */
export function witaEndOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return witaStartOf(next.toISOString().slice(0, 10));
}

export function bytesText(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}
