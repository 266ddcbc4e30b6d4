import { sqlString, sqlUuid } from './sql-literal';

describe('SQL literals', () => {
  it('quotes strings so that quotes and backslashes stay inside the literal', () => {
    expect(sqlString('plain')).toBe(`'plain'`);
    expect(sqlString(`it's`)).toBe(`'it''s'`);
    expect(sqlString(`a\\'); DROP TABLE beds; --`)).toBe(` E'a\\\\''); DROP TABLE beds; --'`);
  });

  it('takes only lower-case uuids', () => {
    expect(sqlUuid('0b6f6a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b')).toBe(`'0b6f6a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'::uuid`);
    expect(() => sqlUuid(`0b6f6a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'; --`)).toThrow('not a lower-case uuid');
    expect(() => sqlUuid('0B6F6A4E-1C2D-4E5F-8A9B-0C1D2E3F4A5B')).toThrow('not a lower-case uuid');
  });
});
