import { parseBedCsv, planImport, type CurrentSetup, type ImportRow } from './bed-import';

const HEADER = 'ward_code,ward_name,room_code,room_sex_policy,bed_code,bed_class';

const rowsOf = (text: string): ImportRow[] => {
  const r = parseBedCsv(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.rows;
};

describe('parseBedCsv', () => {
  it('reads "," and ";" files, with or without a BOM, the same', () => {
    const comma = rowsOf(`${HEADER}\nPD3,"Penyakit Dalam, Kelas III",K1,MALE,PD3-01,KELAS_3\n`);
    const semicolon = rowsOf(`\uFEFF${HEADER.replace(/,/g, ';')}\r\nPD3;Penyakit Dalam, Kelas III;K1;male;PD3-01;kelas_3\r\n`);
    expect(semicolon).toEqual(comma);
    expect(comma[0]).toMatchObject({ line: 2, wardName: 'Penyakit Dalam, Kelas III', roomSexPolicy: 'MALE', bedClass: 'KELAS_3' });
  });

  it('names the line, the column and what is allowed', () => {
    const r = parseBedCsv(`${HEADER}\nPD3,PD,K1,MALE,PD3-01,KELAS_3\nPD3,PD,K1,MALE,PD3-02,KELAS_9\nPD3,PD,K1,X,PD3-03,KELAS_3\n`);
    expect(r).toMatchObject({
      ok: false,
      problems: [
        { line: 3, column: 'bed_class', message: expect.stringMatching(/KELAS_9.*VVIP, VIP, KELAS_1/) },
        { line: 4, column: 'room_sex_policy', message: expect.stringMatching(/MALE, FEMALE, MIXED/) },
      ],
    });
  });

  it('refuses a header without the required columns', () => {
    expect(parseBedCsv('ward,bed\nA,1\n')).toMatchObject({
      ok: false,
      problems: [{ line: 1, message: expect.stringMatching(/missing column\(s\) ward_code/) }],
    });
    expect(parseBedCsv('')).toMatchObject({ ok: false });
  });
});

describe('planImport', () => {
  const file = rowsOf(`${HEADER}\nPD3,Penyakit Dalam,K1,MALE,PD3-01,KELAS_3\nPD3,Penyakit Dalam,K1,MALE,PD3-02,KELAS_3\n`);
  const empty: CurrentSetup = { wards: [], rooms: [], beds: [] };

  it('creates what is not there', () => {
    const r = planImport(empty, file);
    expect(r.ok && r.plan.wards.create.map((w) => w.code)).toEqual(['PD3']);
    expect(r.ok && r.plan.rooms.create).toEqual([{ wardCode: 'PD3', code: 'K1', name: 'Kamar K1', sexPolicy: 'MALE', kris: false }]);
    expect(r.ok && r.plan.beds.create.map((b) => b.code)).toEqual(['PD3-01', 'PD3-02']);
  });

  const current: CurrentSetup = {
    wards: [{ id: 'w', code: 'PD3', name: 'Penyakit Dalam', service: 'Penyakit Dalam' }],
    rooms: [{ id: 'r', wardId: 'w', code: 'K1', name: 'Kamar K1', sexPolicy: 'MALE', kris: false }],
    beds: [
      { id: 'b1', code: 'PD3-01', wardId: 'w', roomId: 'r', bedClass: 'KELAS_3', status: 'AVAILABLE', retired: false, hasPatient: false },
      { id: 'b2', code: 'PD3-02', wardId: 'w', roomId: 'r', bedClass: 'KELAS_3', status: 'OCCUPIED', retired: false, hasPatient: true },
    ],
  };

  it('leaves everything unchanged for the same file', () => {
    const r = planImport(current, file);
    expect(r).toEqual({
      ok: true,
      plan: {
        wards: { create: [], update: [], unchanged: ['PD3'] },
        rooms: { create: [], update: [], unchanged: ['PD3/K1'] },
        beds: { create: [], update: [], reopen: [], retire: [], unchanged: ['PD3-01', 'PD3-02'] },
      },
    });
  });

  it('retires beds left out of the file, and refuses to when one has a patient', () => {
    const one = rowsOf(`${HEADER}\nPD3,Penyakit Dalam,K1,MALE,PD3-02,KELAS_3\n`);
    const r = planImport(current, one);
    expect(r.ok && r.plan.beds.retire).toEqual([{ id: 'b1', code: 'PD3-01' }]);
    const other = rowsOf(`${HEADER}\nPD3,Penyakit Dalam,K1,MALE,PD3-01,KELAS_3\n`);
    expect(planImport(current, other)).toMatchObject({
      ok: false,
      problems: [{ column: 'bed_code', message: expect.stringMatching(/PD3-02 .* has a patient/) }],
    });
  });

  it('changes a class, refuses it for an occupied bed, and checks the KRIS limit', () => {
    const changed = rowsOf(`${HEADER}\nPD3,Penyakit Dalam,K1,MALE,PD3-01,KELAS_2\nPD3,Penyakit Dalam,K1,MALE,PD3-02,KELAS_2\n`);
    expect(planImport(current, changed)).toMatchObject({ ok: false, problems: [{ line: 3, column: 'bed_class' }] });
    const kris = rowsOf(
      'ward_code,ward_name,room_code,room_sex_policy,room_kris,bed_code,bed_class\n' +
        [1, 2, 3, 4, 5].map((n) => `K,KRIS,R1,FEMALE,ya,K-${n},KRIS_JKN`).join('\n'),
    );
    expect(planImport(empty, kris)).toMatchObject({ ok: false, problems: [{ line: 6, message: expect.stringMatching(/at most 4 beds/) }] });
  });

  it('refuses a bed code given twice and a ward named two ways', () => {
    const twice = rowsOf(`${HEADER}\nPD3,Penyakit Dalam,K1,MALE,PD3-01,KELAS_3\nPD3,Dalam,K2,MALE,PD3-01,KELAS_3\n`);
    const r = planImport(empty, twice);
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.problems.map((p) => `${p.line}:${p.column}`)).toEqual(['3:ward_name', '3:bed_code']);
  });
});
