import { formatRupiah, parseRupiah, RupiahFormatError } from './rupiah';

describe('Rupiah', () => {
  it('parses whole rupiah exactly, beyond 2^31 and 2^53', () => {
    expect(parseRupiah('3000000000')).toBe(3_000_000_000n);
    expect(parseRupiah('9007199254740993')).toBe(9_007_199_254_740_993n);
    expect(parseRupiah('9223372036854775807')).toBe(9_223_372_036_854_775_807n);
    expect(parseRupiah(0)).toBe(0n);
    expect(parseRupiah(2_500_000)).toBe(2_500_000n);
  });

  it.each([['-1'], ['1.5'], ['1e9'], [' 1'], ['abc'], [''], ['9223372036854775808'], [1.5], [-1], [2 ** 53], [null], [true]])('refuses %p', (value) => {
    expect(() => parseRupiah(value)).toThrow(RupiahFormatError);
  });

  it('formats with Indonesian thousands separators', () => {
    expect(formatRupiah(3_000_000_000n)).toBe('Rp3.000.000.000');
    expect(formatRupiah(0n)).toBe('Rp0');
  });
});
