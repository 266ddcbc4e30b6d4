import { csvField, csvLine } from './csv';

describe('csv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvField('Yohanes, Ndun')).toBe('"Yohanes, Ndun"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(null)).toBe('');
    expect(csvField(3_000_000_000n)).toBe('3000000000');
    expect(csvLine(['a', 1, true])).toBe('a,1,true\r\n');
  });
});
