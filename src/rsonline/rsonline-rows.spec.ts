import { desiredRows, parseExistingRows, passHeader, planSync, type ExistingRow, type WardClassCounts } from './rsonline-rows';

const counts = (over: Partial<WardClassCounts> = {}): WardClassCounts => ({
  wardName: 'Penyakit Dalam Kelas III',
  rooms: 4,
  bedClass: 'KELAS_3',
  total: 26,
  available: 5,
  occupied: 15,
  reserved: 2,
  cleaning: 3,
  closed: 1,
  waiting: 0,
  waitingAnyWard: 0,
  freeMaleOnly: 2,
  freeFemaleOnly: 1,
  freeEither: 2,
  ...over,
});

describe('desiredRows', () => {
  it('maps a ward and class to its RS Online row, leaving closed beds out of jumlah, with its room count', () => {
    expect(desiredRows([counts()])).toEqual([
      {
        id_tt: 5,
        ruang: 'Penyakit Dalam Kelas III',
        jumlah_ruang: 4,
        jumlah: 25,
        terpakai: 15,
        terpakai_suspek: 0,
        terpakai_konfirmasi: 0,
        antrian: 0,
        prepare: 3,
        prepare_plan: 2,
        covid: 0,
        tersediapria: 2,
        tersediawanita: 1,
        tersediapriawanita: 2,
      },
    ]);
    // What SIRANAP shows free equals our available count.
    const [row] = desiredRows([counts()]);
    expect(row.jumlah - row.terpakai - row.prepare - row.prepare_plan).toBe(5);
  });

  it('reports the waiting list as antrian, each entry naming no ward once, on the row of its class with the most free beds left', () => {
    const rows = desiredRows([
      counts({ wardName: 'A', available: 1, waiting: 1, waitingAnyWard: 3 }),
      counts({ wardName: 'B', available: 4, waiting: 0, waitingAnyWard: 3 }),
      counts({ wardName: 'ICU', bedClass: 'ICU', available: 0, waiting: 2, waitingAnyWard: 0 }),
    ]);
    expect(rows.map((r) => [r.ruang, r.antrian])).toEqual([
      ['A', 1],
      ['B', 3],
      ['ICU', 2],
    ]);
    // Named entries (1 + 0 + 2) and the three naming no ward, each once.
    expect(rows.reduce((sum, r) => sum + r.antrian, 0)).toBe(6);
  });

  it('leaves out a class without beds', () => {
    expect(desiredRows([counts({ total: 0, available: 0, occupied: 0, reserved: 0, cleaning: 0, closed: 0 })])).toEqual([]);
  });
});

describe('planSync', () => {
  const [pd3] = desiredRows([counts()]);
  const [icu] = desiredRows([counts({ wardName: 'ICU', bedClass: 'ICU', total: 6, occupied: 4, available: 2, reserved: 0, cleaning: 0, closed: 0 })]);
  const there = (row: typeof pd3, id: string, over: Partial<ExistingRow> = {}): ExistingRow => ({ ...row, id_t_tt: id, ...over });

  it('posts new rows, puts changed ones, deletes rows we no longer have, and leaves equal ones alone', () => {
    const stale = there({ ...pd3, id_tt: 1, ruang: 'VVIP Lama' }, '9');
    const plan = planSync([pd3, icu], [there(pd3, '1', { terpakai: 14 }), stale]);
    expect(plan.put).toEqual([there(pd3, '1')]);
    expect(plan.post).toEqual([icu]);
    expect(plan.delete).toEqual([stale]);
    expect(plan.unchanged).toBe(0);
  });

  it('sends nothing when RS Online already has our rows (a restart, a repeated report)', () => {
    const plan = planSync([pd3, icu], [there(pd3, '1'), there(icu, '2', { ruang: ' icu ' })]);
    expect(plan).toEqual({ put: [], post: [], delete: [], unchanged: 2 });
  });

  it('deletes a second row for the same ward and type', () => {
    const plan = planSync([pd3], [there(pd3, '1'), there(pd3, '2')]);
    expect(plan.delete.map((r) => r.id_t_tt)).toEqual(['2']);
    expect(plan.unchanged).toBe(1);
  });
});

describe('parseExistingRows', () => {
  it('reads numbers given as strings', () => {
    const rows = parseExistingRows({ fasyankes: [{ id_t_tt: 77, id_tt: '5', ruang: 'X', jumlah: '10', terpakai: '3' }] });
    expect(rows).toEqual([
      {
        id_t_tt: '77',
        id_tt: 5,
        ruang: 'X',
        jumlah_ruang: 0,
        jumlah: 10,
        terpakai: 3,
        terpakai_suspek: 0,
        terpakai_konfirmasi: 0,
        antrian: 0,
        prepare: 0,
        prepare_plan: 0,
        covid: 0,
        tersediapria: 0,
        tersediawanita: 0,
        tersediapriawanita: 0,
      },
    ]);
  });

  it('says what is wrong with an answer it cannot read', () => {
    expect(parseExistingRows({ error: 'x' })).toBe('the answer has no "fasyankes" list');
    expect(parseExistingRows({ fasyankes: [{ ruang: 'X' }] })).toMatch(/lacks id_t_tt/);
  });
});

describe('passHeader', () => {
  it('sends the MD5 of the password, or the password itself', () => {
    expect(passHeader('abc', 'md5')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(passHeader('abc', 'plain')).toBe('abc');
  });
});
