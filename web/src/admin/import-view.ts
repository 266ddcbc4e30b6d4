// What the import screen shows: the report of a dry run or an import as rows, and the refusal's
// problems (line, column, English message from the service) as Indonesian texts saying what is
// allowed. Pure, so that the mapping is unit-tested on its own.
import { BED_CLASS_NAMES } from '../../../src/beds/bed-class';
import { SEX_POLICIES } from '../../../src/hospitals/sex-policy';
import type { ImportCountsViewFragment, ImportReportViewFragment } from '../gql/graphql';

export type ImportReport = ImportReportViewFragment;

/** One problem as the service reports it in `extensions.problems` (or the JSON of POST /admin/import). */
export interface ImportProblem {
  line: number;
  column: string | null;
  message: string;
}

export interface ReportRow {
  what: string;
  counts: ImportCountsViewFragment;
}

export interface ProblemRow {
  /** "Baris 7", or "Seluruh berkas" for a problem of the hospital's beds as a whole. */
  where: string;
  /** The column's name in the file and in words, or null. */
  column: string | null;
  /** What is wrong and what is allowed, in Bahasa Indonesia. */
  text: string;
  /** The service's own message (English), for support. */
  detail: string;
}

const SEX_TEXT: Record<(typeof SEX_POLICIES)[number], string> = { MALE: 'laki-laki', FEMALE: 'perempuan', MIXED: 'campur' };
const CODE_TEXT = '1–32 huruf, angka, ".", "_" atau "-", diawali huruf atau angka';

export const COLUMN_TEXT: Record<string, { label: string; allowed: string }> = {
  ward_code: { label: 'kode ruangan', allowed: CODE_TEXT },
  ward_name: { label: 'nama ruangan', allowed: '1–200 karakter' },
  ward_service: { label: 'layanan ruangan', allowed: '1–100 karakter' },
  room_code: { label: 'kode kamar', allowed: CODE_TEXT },
  room_name: { label: 'nama kamar', allowed: '1–200 karakter' },
  room_sex_policy: { label: 'jenis kelamin kamar', allowed: SEX_POLICIES.map((s) => `${s} (${SEX_TEXT[s]})`).join(', ') },
  room_kris: { label: 'kamar KRIS', allowed: 'ya/tidak, yes/no, true/false atau 1/0' },
  bed_code: { label: 'kode tempat tidur', allowed: CODE_TEXT },
  bed_class: { label: 'kelas tempat tidur', allowed: BED_CLASS_NAMES.join(', ') },
};

export const REQUIRED_COLUMNS = 'ward_code, ward_name, room_code, room_sex_policy, bed_code, bed_class';
export const OPTIONAL_COLUMNS = 'ward_service, room_name, room_kris';

/** The report as a table: wards, rooms, beds; what is created, updated, retired, reopened, unchanged. */
export function reportRows(report: ImportReport): ReportRow[] {
  return [
    { what: 'Ruangan', counts: report.wards },
    { what: 'Kamar', counts: report.rooms },
    { what: 'Tempat tidur', counts: report.beds },
  ];
}

/** Whether applying the file would change anything. */
export function changesAnything(report: ImportReport): boolean {
  return reportRows(report).some(({ counts: c }) => c.created + c.updated + c.retired + c.reopened > 0);
}

/** One sentence for the top of the preview or the result. */
export function reportSummary(report: ImportReport): string {
  const b = report.beds;
  const beds = `${b.created} tempat tidur baru, ${b.updated} diubah, ${b.retired} dinonaktifkan, ${b.reopened} diaktifkan kembali, ${b.unchanged} tetap`;
  if (report.dryRun)
    return changesAnything(report)
      ? `Pratinjau (belum ada yang diubah): ${beds}. Periksa lalu tekan "Terapkan impor".`
      : `Pratinjau: berkas ini sama dengan data sekarang (${b.unchanged} tempat tidur); tidak ada yang akan diubah.`;
  return changesAnything(report) ? `Impor diterapkan: ${beds}.` : `Tidak ada yang berubah: berkas ini sama dengan data sekarang.`;
}

/** Columns that describe a ward or room, so must say the same on every line of it. */
const SAME_ON_EVERY_LINE = new Set(['ward_name', 'ward_service', 'room_sex_policy', 'room_name', 'room_kris']);

/** A problem's text: what is wrong there and what is allowed. */
function problemText(p: ImportProblem): string {
  const m = p.message;
  let match: RegExpMatchArray | null;
  if (p.column === null) {
    if (/^The file is empty/.test(m)) return `Berkas kosong. Baris pertama berisi nama kolom: ${REQUIRED_COLUMNS}.`;
    if (/^The header row/.test(m)) return `Baris judul salah. Kolom wajib: ${REQUIRED_COLUMNS}; kolom pilihan: ${OPTIONAL_COLUMNS}; dipisahkan "," atau ";".`;
    if ((match = m.match(/^The row has (\d+) fields; the header has (\d+)/)))
      return `Baris ini berisi ${match[1]} kolom, sedangkan baris judul ${match[2]} kolom. Setiap baris harus memiliki kolom yang sama dengan baris judul.`;
    if (/header but no beds/.test(m)) return 'Berkas hanya berisi baris judul, tanpa tempat tidur.';
    return 'Berkas tidak dapat dibaca sebagai CSV (periksa tanda kutip dan pemisah "," atau ";").';
  }
  const col = COLUMN_TEXT[p.column];
  if (p.column === 'bed_code' && (match = m.match(/already on line (\d+)/)))
    return `Kode tempat tidur ini sudah ada di baris ${match[1]}; kode tempat tidur harus unik dalam rumah sakit.`;
  if (SAME_ON_EVERY_LINE.has(p.column) && (match = m.match(/on line (\d+)/)))
    return `Isian ${col?.label ?? p.column} berbeda dengan baris ${match[1]}; satu ruangan atau kamar harus ditulis sama di setiap baris.`;
  if (/has a patient/.test(m) && p.column === 'bed_class') return 'Tempat tidur ini masih berisi pasien; kelasnya dapat diubah setelah pasien keluar.';
  if (/has a patient/.test(m))
    return p.line > 0
      ? 'Tempat tidur ini masih berisi pasien; pindahkan ke kamar lain setelah pasien keluar.'
      : 'Tempat tidur yang tidak ada di berkas akan dinonaktifkan, tetapi masih berisi pasien. Pulangkan atau pindahkan pasien dulu, atau biarkan tempat tidur itu di berkas.';
  if (p.column === 'room_code' && /is marked KRIS/.test(m))
    return 'Kamar KRIS berisi paling banyak 4 tempat tidur. Tambahkan kamar, atau isi room_kris dengan "tidak".';
  if (col) return `Isian ${col.label} tidak diterima. Yang diizinkan: ${col.allowed}.`;
  return 'Isian pada kolom ini tidak diterima.';
}

/** The problems of a refused import, by line, as the screen lists them. */
export function problemRows(problems: readonly ImportProblem[]): ProblemRow[] {
  return [...problems]
    .sort((a, b) => a.line - b.line)
    .map((p) => ({
      where: p.line > 0 ? `Baris ${p.line}` : 'Seluruh berkas',
      column: p.column ? `${p.column} (${COLUMN_TEXT[p.column]?.label ?? 'kolom'})` : null,
      text: problemText(p),
      detail: p.message,
    }));
}

/** The problems out of a refusal's details, when they are there and well formed. */
export function problemsOf(details: Record<string, unknown>): ImportProblem[] {
  const raw = details.problems;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (p): p is ImportProblem =>
      typeof p === 'object' &&
      p !== null &&
      typeof (p as ImportProblem).line === 'number' &&
      typeof (p as ImportProblem).message === 'string' &&
      ((p as ImportProblem).column === null || typeof (p as ImportProblem).column === 'string'),
  );
}
