import type { ErrorCode } from '../../../src/common/error-codes';
import { REQUEST_DEADLINE_MS } from './graphql';

/** Codes the browser itself gives to a failure that has no server code. */
export type ClientErrorCode = 'NETWORK' | 'NO_ANSWER' | 'UNKNOWN';

/**
 * What each refusal means to a nurse, in Bahasa Indonesia. The server's English message goes to
 * the browser console for support staff; this text goes on the screen. The type makes a new
 * server code a compile error until it has its text.
 */
export const ERROR_TEXT: Record<ErrorCode | ClientErrorCode, string> = {
  UNAUTHENTICATED: 'Sesi Anda telah berakhir atau nama pengguna/kata sandi salah. Silakan masuk lagi.',
  FORBIDDEN: 'Anda tidak berwenang untuk tindakan ini (hanya ruangan Anda sendiri).',
  BAD_USER_INPUT: 'Isian belum benar. Periksa kembali isian yang ditandai.',
  NOT_FOUND: 'Data tidak ditemukan; mungkin sudah dihapus. Muat ulang ruangan.',
  INVALID_TRANSITION: 'Tindakan ini tidak diizinkan untuk status tempat tidur saat ini.',
  VERSION_CONFLICT: 'Tempat tidur ini baru saja diubah dari perangkat lain. Lihat status terbarunya, lalu pilih lagi.',
  INSUFFICIENT_FUNDS: 'Saldo dana tidak mencukupi.',
  NOT_ELIGIBLE: 'Pasien tidak memenuhi syarat.',
  DUPLICATE: 'Pasien ini sudah dirawat di tempat tidur lain. Gunakan "Pindahkan" dari tempat tidur tersebut.',
  ROOM_SEX_POLICY:
    'Kamar ini hanya untuk pasien laki-laki atau hanya untuk perempuan, dan tidak sesuai dengan jenis kelamin pasien. Pilih tempat tidur di kamar lain.',
  RATE_LIMITED: 'Terlalu banyak percobaan. Tunggu beberapa menit, lalu coba lagi.',
  SERVICE_UNAVAILABLE: 'Server sedang tidak dapat menyimpan data. Tidak ada yang berubah; coba lagi sebentar lagi.',
  NETWORK: 'Tidak terhubung ke server. Perubahan belum disimpan; periksa jaringan lalu coba lagi.',
  NO_ANSWER: `Server tidak menjawab dalam ${REQUEST_DEADLINE_MS / 1000} detik. Perubahan mungkin sudah tersimpan atau belum: periksa data terbaru sebelum mencoba lagi.`,
  UNKNOWN: 'Terjadi kesalahan yang tidak dikenal. Tidak ada yang berubah; coba lagi.',
};

/** The screen text of an error code; an unknown code gets the general text. */
export function errorText(code: string): string {
  return Object.prototype.hasOwnProperty.call(ERROR_TEXT, code) ? ERROR_TEXT[code as keyof typeof ERROR_TEXT] : ERROR_TEXT.UNKNOWN;
}

/** The console's own texts (not errors). */
export const TEXT = {
  appName: 'Konsol Ruangan',
  login: 'Masuk',
  username: 'Nama pengguna',
  password: 'Kata sandi',
  logout: 'Keluar',
  changePassword: 'Ganti kata sandi',
  currentPassword: 'Kata sandi sekarang',
  newPassword: 'Kata sandi baru (minimal 12 karakter)',
  repeatPassword: 'Ulangi kata sandi baru',
  passwordsDiffer: 'Kedua kata sandi baru tidak sama.',
  mustChangePassword: 'Kata sandi Anda telah direset. Buat kata sandi baru sebelum melanjutkan.',
  passwordChanged: 'Kata sandi telah diganti.',
  sessionEnded: 'Sesi Anda telah berakhir. Silakan masuk lagi.',
  locked: 'Akun dikunci sementara karena terlalu banyak percobaan gagal. Tunggu beberapa menit atau hubungi admin.',
  wrongLogin: 'Nama pengguna atau kata sandi salah.',
  notForConsole: 'Akun ini tidak memiliki akses ke konsol ruangan (hanya petugas ruangan, admisi dan admin).',
  noWards: 'Akun ini belum ditugaskan ke ruangan mana pun. Hubungi admin.',
  ward: 'Ruangan',
  chooseWard: 'Pilih ruangan',
  online: 'Terhubung',
  connecting: 'Menghubungkan…',
  offline: 'Terputus dari server – perubahan tidak dapat disimpan. Menyambung ulang otomatis…',
  loadingBeds: 'Memuat tempat tidur…',
  cancel: 'Batal',
  save: 'Simpan',
  close: 'Kembali',
  saving: 'Menyimpan…',
  chooseAction: 'Pilih tindakan',
  noActions: 'Tidak ada tindakan untuk status ini.',
  medicalRecordNumber: 'Nomor rekam medis',
  emergency: 'Pasien gawat darurat (IGD)',
  payer: 'Status pembayaran',
  died: 'Pasien meninggal',
  contaminated: 'Perlu disinfeksi (pasien infeksius)',
  reason: 'Alasan',
  reasonRequired: 'Tuliskan alasannya.',
  mrnRequired: 'Isi nomor rekam medis.',
  transferTarget: 'Tempat tidur tujuan (kosong, kelas yang sama, terbaik di atas)',
  noFreeBeds: 'Tidak ada tempat tidur kosong di kelas ini.',
  loadingFreeBeds: 'Mencari tempat tidur kosong…',
  chooseTarget: 'Pilih tempat tidur tujuan.',
  freeInWard: (n: number) => `${n} kosong di ruangan ini`,
  changedElsewhere: (status: string) => `Sekarang: ${status}.`,
  done: 'Tersimpan.',
  sex: 'Jenis kelamin pasien',
  sexRequired: 'Pilih jenis kelamin pasien (kamar laki-laki, perempuan atau campur).',
  expectedDischarge: 'Perkiraan tanggal pulang (boleh dikosongkan)',
  dischargeInPast: 'Perkiraan tanggal pulang harus setelah saat ini (dihitung pukul 12.00 WITA).',
  fromWaitingList: 'Pasien dari daftar tunggu (antrian)',
  notFromWaitingList: 'Bukan dari daftar tunggu',
  fromIgd: 'dari IGD',
  waitingSince: (duration: string) => `menunggu ${duration}`,
  reservationPurpose: 'Dipesan untuk',
  purposeRequired: 'Pilih untuk apa tempat tidur ini dipesan.',
  referringFacility: 'Nama faskes perujuk',
  expectedArrival: 'Perkiraan waktu tiba',
  referralNeeds: 'Untuk rujukan, isi nama faskes perujuk dan perkiraan waktu tiba.',
  reservationHours: 'Lama pemesanan (jam)',
  hoursRange: (max: number) => `Lama pemesanan lebih dari 0 dan paling lama ${max} jam.`,
  reservedFor: 'Untuk pasien (nomor rekam medis atau register IGD, boleh dikosongkan)',
} as const;
