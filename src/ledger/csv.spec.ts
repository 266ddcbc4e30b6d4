import { csvField, csvLine } from './csv';

describe('csv', () => {
  it('quotes every field and doubles quotes inside', () => {
    expect(csvField('Yohanes, Ndun')).toBe('"Yohanes, Ndun"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvField(null)).toBe('""');
    expect(csvField(3_000_000_000n)).toBe('"3000000000"');
    expect(csvField(new Date('2025-06-01T00:00:00Z'))).toBe('"2025-06-01T00:00:00.000Z"');
    expect(csvLine(['a', 1, true])).toBe('"a","1","true"\r\n');
  });

  it('defuses a formula at the start, also behind leading blanks and line breaks', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvField(`${start}1+1`)).toBe(`"'${start}1+1"`);
    expect(csvField('  =1+1')).toBe(`"'  =1+1"`);
    expect(csvField('\n\n@SUM(A1)')).toBe(`"'\n\n@SUM(A1)"`);
    expect(csvField('\r\n-2+3')).toBe(`"'\r\n-2+3"`);
    expect(csvField(' \t cmd')).toBe(`"' \t cmd"`);
  });

  it('leaves ordinary text alone', () => {
    expect(csvField('Maria Bria')).toBe('"Maria Bria"');
    expect(csvField('a=b')).toBe('"a=b"');
    expect(csvField('  Ndun')).toBe('"  Ndun"');
  });

  it('does not alter numbers that are not text (amounts are whole rupiah, never negative)', () => {
    expect(csvField(-5)).toBe('"-5"');
  });
});
