/**
 * Whole rupiah as bigint. Money never passes through a JS number above 2^53, so amounts are
 * parsed from decimal strings (or safe integers) and printed back as decimal strings.
 */
export const RUPIAH_MAX = 9223372036854775807n; // PostgreSQL bigint

export class RupiahFormatError extends Error {}

const DIGITS = /^\d+$/;

export function parseRupiah(value: unknown): bigint {
  let parsed: bigint;
  if (typeof value === 'string') {
    if (!DIGITS.test(value)) {
      throw new RupiahFormatError(`Rupiah must be whole rupiah as a decimal string of digits, e.g. "3000000000"; got ${JSON.stringify(value.slice(0, 40))}.`);
    }
    parsed = BigInt(value);
  } else if (typeof value === 'number') {
    // Above 2^53 a JSON number has already lost digits; fractions are not rupiah.
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RupiahFormatError(`Rupiah must be a non-negative whole number (send large amounts as a string); got ${String(value)}.`);
    }
    parsed = BigInt(value);
  } else if (typeof value === 'bigint') {
    parsed = value;
  } else {
    throw new RupiahFormatError(`Rupiah must be a decimal string such as "3000000000"; got ${typeof value}.`);
  }
  if (parsed < 0n || parsed > RUPIAH_MAX) {
    throw new RupiahFormatError(`Rupiah must be between 0 and ${RUPIAH_MAX}; got ${parsed}.`);
  }
  return parsed;
}

/** Formats like "Rp3.000.000.000" (Indonesian thousands separator), for messages. */
export function formatRupiah(amount: bigint): string {
  const sign = amount < 0n ? '-' : '';
  const digits = (amount < 0n ? -amount : amount).toString();
  return `${sign}Rp${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}
