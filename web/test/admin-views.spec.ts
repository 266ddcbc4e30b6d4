import { BED_CLASS_NAMES } from '../../src/beds/bed-class';
import { changedFields } from '../src/admin/audit-view';
import { changesAnything, problemRows, problemsOf, reportRows, reportSummary, type ImportReport } from '../src/admin/import-view';
import { badFields, refusalText } from '../src/admin/refusals';
import { ERROR_TEXT } from '../src/shared/messages';

const counts = (created = 0, updated = 0, retired = 0, reopened = 0, unchanged = 0) => ({
  created,
  updated,
  retired,
  reopened,
  unchanged,
  createdCodes: [],
  updatedCodes: [],
  retiredCodes: [],
  reopenedCodes: [],
  unchangedCodes: [],
});
const report = (dryRun: boolean, beds = counts(5, 0, 1, 0, 2)): ImportReport => ({ hospitalCode: 'RS', dryRun, wards: counts(1), rooms: counts(2), beds });

describe('the import report', () => {
  it('is one row each for wards, rooms and beds', () => {
    expect(reportRows(report(true)).map((r) => [r.what, r.counts.created])).toEqual([
      ['Ruangan', 1],
      ['Kamar', 2],
      ['Tempat tidur', 5],
    ]);
  });

  it('says whether it is a preview, and when the file changes nothing', () => {
    expect(reportSummary(report(true))).toBe(
      'Pratinjau (belum ada yang diubah): 5 tempat tidur baru, 0 diubah, 1 dinonaktifkan, 0 diaktifkan kembali, 2 tetap. Periksa lalu tekan "Terapkan impor".',
    );
    expect(reportSummary(report(false))).toMatch(/^Impor diterapkan: 5 tempat tidur baru/);
    const same: ImportReport = { hospitalCode: 'RS', dryRun: true, wards: counts(0, 0, 0, 0, 1), rooms: counts(0, 0, 0, 0, 1), beds: counts(0, 0, 0, 0, 7) };
    expect(changesAnything(same)).toBe(false);
    expect(reportSummary(same)).toContain('tidak ada yang akan diubah');
    expect(changesAnything({ ...same, rooms: counts(0, 1) })).toBe(true);
  });
});

describe('the import problems in Indonesian', () => {
  it('names the line and column and lists the allowed bed classes', () => {
    const [row] = problemRows([{ line: 7, column: 'bed_class', message: 'bed class must be one of VVIP, …; got "KELAS_9" (allowed: VVIP, …, KRIS_JKN)' }]);
    expect(row.where).toBe('Baris 7');
    expect(row.column).toBe('bed_class (kelas tempat tidur)');
    expect(row.text).toBe(`Isian kelas tempat tidur tidak diterima. Yang diizinkan: ${BED_CLASS_NAMES.join(', ')}.`);
    expect(row.detail).toContain('KELAS_9');
  });

  it('explains header, field count, duplicates, KRIS rooms and beds with patients', () => {
    const rows = problemRows([
      { line: 9, column: 'bed_code', message: 'bed code A-1 is already on line 3; bed codes are unique within the hospital' },
      { line: 1, column: null, message: 'The header row has missing column(s) bed_class; the columns are …' },
      { line: 4, column: null, message: 'The row has 5 fields; the header has 6 (ward_code, …).' },
      {
        line: 6,
        column: 'room_code',
        message: 'Room K1 is marked KRIS, which allows at most 4 beds in a room; it would have 5. Add a room, or set kris to false.',
      },
      { line: 0, column: 'bed_code', message: 'bed X is not in the file, so it would be retired, but it has a patient; discharge or transfer them first' },
      { line: 5, column: 'room_sex_policy', message: 'room A/K1 is MALE on line 2; give one sex policy per room' },
      { line: 8, column: 'bed_class', message: 'Bed B has a patient; change its class (KELAS_3 to VIP) after the patient leaves it.' },
    ]);
    expect(rows.map((r) => r.where)).toEqual(['Seluruh berkas', 'Baris 1', 'Baris 4', 'Baris 5', 'Baris 6', 'Baris 8', 'Baris 9']);
    expect(rows[0].text).toMatch(/^Tempat tidur yang tidak ada di berkas akan dinonaktifkan/);
    expect(rows[1].text).toMatch(/^Baris judul salah. Kolom wajib: ward_code/);
    expect(rows[2].text).toContain('berisi 5 kolom, sedangkan baris judul 6 kolom');
    expect(rows[3].text).toContain('berbeda dengan baris 2');
    expect(rows[4].text).toMatch(/^Kamar KRIS berisi paling banyak 4 tempat tidur/);
    expect(rows[5].text).toContain('kelasnya dapat diubah setelah pasien keluar');
    expect(rows[6].text).toContain('sudah ada di baris 3');
    // No English left on the Indonesian side.
    for (const r of rows) expect(r.text).not.toMatch(/\b(the|must|allowed|line)\b/);
  });

  it('takes only well-formed problems out of a refusal', () => {
    expect(problemsOf({ problems: [{ line: 2, column: null, message: 'x' }, { line: '3', column: 'a', message: 'y' }, null] })).toEqual([
      { line: 2, column: null, message: 'x' },
    ]);
    expect(problemsOf({})).toEqual([]);
  });
});

describe('refusals on the admin page', () => {
  it('explains each bad field by its rule', () => {
    const err = {
      code: 'BAD_USER_INPUT',
      message: 'Invalid input',
      details: { problems: ['input.phone must be a telephone number …', 'input.code must be …'] },
    };
    expect(badFields(err.details)).toEqual(['phone', 'code']);
    expect(refusalText(err)).toBe(
      'Isian belum benar. Nomor hotline: 5–40 angka, spasi atau "-", boleh diawali "+". Kode: 1–32 huruf, angka, ".", "_" atau "-", diawali huruf atau angka.',
    );
  });

  it('tells a non-admin this page is for admins, and falls back to the shared texts', () => {
    expect(refusalText({ code: 'FORBIDDEN', message: 'x', details: {} })).toMatch(/^Halaman admin hanya untuk pengguna dengan peran ADMIN/);
    expect(refusalText({ code: 'DUPLICATE', message: 'x', details: {} })).toContain('sudah dipakai');
    expect(refusalText({ code: 'RATE_LIMITED', message: 'x', details: {} })).toBe(ERROR_TEXT.RATE_LIMITED);
    expect(refusalText({ code: 'BAD_USER_INPUT', message: 'The password is too common', details: {} })).toMatch(/^Kata sandi ditolak/);
    expect(refusalText({ code: 'SOMETHING_NEW', message: 'x', details: {} })).toBe(ERROR_TEXT.UNKNOWN);
  });
});

describe('an audit entry', () => {
  it('lists the fields that changed, or every field of a new record', () => {
    expect(changedFields({ id: '1', phone: '0380 1', name: 'A' }, { id: '1', phone: '0380 2', name: 'A' })).toEqual(['phone: 0380 1 → 0380 2']);
    expect(changedFields(null, { id: '1', code: 'B-1' })).toEqual(['code: B-1']);
  });
});
