import { checkClassChange, checkRetire, counterMoves } from './bed-setup';

describe('counterMoves', () => {
  const bed = { wardId: 'w1', bedClass: 'KELAS_3' as const, status: 'AVAILABLE' as const };

  it('a new bed enters its (ward, class) row under its status', () => {
    expect(counterMoves(null, bed)).toEqual([{ wardId: 'w1', bedClass: 'KELAS_3', bucket: 'available', delta: 1 }]);
  });

  it('a retired bed leaves its row', () => {
    expect(counterMoves({ ...bed, status: 'OCCUPIED' }, null)).toEqual([{ wardId: 'w1', bedClass: 'KELAS_3', bucket: 'occupied', delta: -1 }]);
  });

  it('a class change moves the bed from one class row to the other, keeping its bucket', () => {
    expect(counterMoves({ ...bed, status: 'CLEANING' }, { ...bed, status: 'CLEANING', bedClass: 'KELAS_2' })).toEqual([
      { wardId: 'w1', bedClass: 'KELAS_3', bucket: 'cleaning', delta: -1 },
      { wardId: 'w1', bedClass: 'KELAS_2', bucket: 'cleaning', delta: 1 },
    ]);
  });

  it('a move to a room of another ward moves the ward row', () => {
    expect(counterMoves(bed, { ...bed, wardId: 'w2' }).map((m) => `${m.wardId}${m.delta}`)).toEqual(['w1-1', 'w21']);
  });

  it('nothing moves when the bed counts where it did (a code or room change within the ward)', () => {
    expect(counterMoves(bed, { ...bed })).toEqual([]);
    expect(counterMoves(null, null)).toEqual([]);
  });
});

describe('checkRetire and checkClassChange', () => {
  it('refuses to retire a bed with a patient or one already retired, and says what to do', () => {
    expect(checkRetire({ code: 'A-1', retired: false, status: 'OCCUPIED', hasPatient: true })).toMatchObject({ ok: false, message: /dischargePatient/ });
    expect(checkRetire({ code: 'A-1', retired: true, status: 'AVAILABLE', hasPatient: false })).toMatchObject({ ok: false, message: /reopenBed/ });
    expect(checkRetire({ code: 'A-1', retired: false, status: 'CLOSED', hasPatient: false })).toEqual({ ok: true });
  });

  it('refuses a class change of an occupied bed only', () => {
    expect(checkClassChange({ code: 'A-1', status: 'OCCUPIED', bedClass: 'KELAS_3' }, 'VIP')).toMatchObject({ ok: false });
    expect(checkClassChange({ code: 'A-1', status: 'OCCUPIED', bedClass: 'KELAS_3' }, 'KELAS_3')).toEqual({ ok: true });
    expect(checkClassChange({ code: 'A-1', status: 'CLEANING', bedClass: 'KELAS_3' }, 'VIP')).toEqual({ ok: true });
  });
});
