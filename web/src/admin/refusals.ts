// Every refusal of the admin page in Bahasa Indonesia: the shared texts, with what differs for an
// admin (who is refused what, which code is taken) and, for bad input, what each field allows.
import type { RequestError } from '../shared/graphql';
import { errorText } from '../shared/messages';

const CODE_RULE = '1–32 huruf, angka, ".", "_" atau "-", diawali huruf atau angka';

/** What each input field allows, by the field's name in the API. */
export const FIELD_RULE: Record<string, string> = {
  code: `Kode: ${CODE_RULE}.`,
  hospitalCode: `Kode rumah sakit: ${CODE_RULE}.`,
  rsOnlineCode: `Kode RS Online: ${CODE_RULE}.`,
  name: 'Nama: 1–200 karakter.',
  city: 'Kota: paling banyak 100 karakter.',
  address: 'Alamat: 1–300 karakter.',
  phone: 'Nomor hotline: 5–40 angka, spasi atau "-", boleh diawali "+".',
  service: 'Layanan: 1–100 karakter.',
  username: 'Nama pengguna: 3–64 karakter a-z, 0-9, ".", "_" atau "-".',
  password: 'Kata sandi: minimal 12 karakter, tidak umum dan tidak mudah ditebak.',
  roles: 'Peran: paling banyak satu dari ADMISSIONS, VERIFIER, FINANCE.',
  wardIds: 'Ruangan: pilih dari daftar.',
};

const ADMIN_TEXT: Record<string, string> = {
  FORBIDDEN: 'Halaman admin hanya untuk pengguna dengan peran ADMIN. Akun ini tidak berwenang; tidak ada data yang ditampilkan atau diubah.',
  NOT_FOUND: 'Data ini tidak ditemukan; mungkin baru saja diubah di tempat lain. Muat ulang daftar.',
  DUPLICATE: 'Kode atau nama pengguna ini sudah dipakai. Pilih yang lain (kode tempat tidur unik dalam rumah sakit, kode kamar unik dalam ruangan).',
  INVALID_TRANSITION: 'Tindakan ini tidak diizinkan untuk keadaan data sekarang (misalnya tempat tidur masih berisi pasien).',
};

/** The fields named by a BAD_USER_INPUT refusal ("input.phone must be …" → phone). */
export function badFields(details: Record<string, unknown>): string[] {
  const problems = Array.isArray(details.problems) ? details.problems : [];
  const fields = new Set<string>();
  for (const p of problems) {
    if (typeof p !== 'string') continue;
    const m = p.match(/^(?:[A-Za-z]+\.)*?([A-Za-z]+)(?:[ :]|$)/);
    if (m && FIELD_RULE[m[1]]) fields.add(m[1]);
  }
  return [...fields];
}

/** The screen text of a refusal. */
export function refusalText(err: Pick<RequestError, 'code' | 'message' | 'details'>): string {
  if (err.code === 'BAD_USER_INPUT') {
    const fields = badFields(err.details);
    if (fields.length > 0) return `Isian belum benar. ${fields.map((f) => FIELD_RULE[f]).join(' ')}`;
    if (/password/i.test(err.message)) return `Kata sandi ditolak. ${FIELD_RULE.password}`;
    if (/at most one of/i.test(err.message)) return `Peran ditolak. ${FIELD_RULE.roles}`;
    if (/ward/i.test(err.message)) return 'Ruangan yang dipilih tidak dikenal. Pilih ruangan dari daftar.';
    return errorText('BAD_USER_INPUT');
  }
  return ADMIN_TEXT[err.code] ?? errorText(err.code);
}
