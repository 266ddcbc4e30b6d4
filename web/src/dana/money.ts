import { formatRupiah, parseRupiah, RUPIAH_MAX } from '../../../src/common/rupiah';

/**
 * Rupiah on the fund screens: amounts travel as decimal strings (the Rupiah scalar) and are
 * compared as bigint; no amount passes through a JS number.
 */

/** "3000000000" → "Rp3.000.000.000" (id-ID grouping, whole rupiah). */
export function rupiah(amount: string | bigint): string {
  return formatRupiah(typeof amount === 'bigint' ? amount : parseRupiah(amount));
}

export type AmountInput = { ok: true; value: string } | { ok: false; error: string };

/**
 * What a person typed as an amount, as the scalar's string: "Rp 3.000.000", "3.000.000" and
 * "3000000" are the same; a decimal comma, a minus or a letter is refused with the reason.
 */
export function parseAmountInput(text: string): AmountInput {
  const trimmed = text.trim().replace(/^rp\.?\s*/i, '');
  if (trimmed === '') return { ok: false, error: 'Isi jumlahnya dalam rupiah, misalnya 3.000.000.' };
  if (/,\d*$/.test(trimmed)) return { ok: false, error: 'Jumlah dalam rupiah utuh, tanpa sen (tanpa koma).' };
  // Dots (or spaces) group thousands: every group after the first has exactly three digits.
  if (!/^\d{1,3}([. ]\d{3})*$/.test(trimmed) && !/^\d+$/.test(trimmed)) {
    return { ok: false, error: 'Jumlah hanya boleh berisi angka, dengan titik sebagai pemisah ribuan.' };
  }
  const value = BigInt(trimmed.replace(/[. ]/g, ''));
  if (value <= 0n) return { ok: false, error: 'Jumlah harus lebih dari Rp0.' };
  if (value > RUPIAH_MAX) return { ok: false, error: 'Jumlah terlalu besar.' };
  return { ok: true, value: value.toString() };
}

/** An amount for a form field: "3000000" → "3.000.000" (what parseAmountInput reads back). */
export function amountField(amount: string): string {
  return rupiah(amount).slice(2);
}

/** a ≤ b for two Rupiah strings. */
export function atMost(a: string, b: string): boolean {
  return BigInt(a) <= BigInt(b);
}
