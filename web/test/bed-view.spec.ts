import { BED_STATUSES, checkTransition, type BedStatus } from '../../src/beds/bed-status';
import { PAYER_STATUSES } from '../../src/beds/payer-status';
import { PATIENT_SEXES } from '../../src/beds/patient-sex';
import { RESERVATION_PURPOSES } from '../../src/beds/reservation-rules';
import { SEX_POLICIES } from '../../src/hospitals/sex-policy';
import {
  actionsFor,
  durationText,
  groupByRoom,
  merge,
  PAYER_TEXT,
  PURPOSE_TEXT,
  remainingText,
  roomSexRefusal,
  SEX_POLICY_TEXT,
  SEX_TEXT,
  stateText,
  STATUS_TEXT,
  summary,
  type BedAction,
  type BedTile,
} from '../src/staf/bed-view';

/** Where an action leaves the bed, and through which kind of step the status machine knows. */
function steps(from: BedStatus, a: BedAction): { to: BedStatus; kind: 'admit' | 'release' | 'status' }[] {
  switch (a.kind) {
    case 'admit':
      return [{ to: 'OCCUPIED', kind: 'admit' }];
    case 'discharge':
      return [{ to: 'CLEANING', kind: 'release' }, ...(a.contaminatedAllowed ? [{ to: 'CONTAMINATED' as const, kind: 'release' as const }] : [])];
    case 'transfer':
      return [{ to: 'CLEANING', kind: 'release' }];
    case 'reserve':
      return [{ to: 'RESERVED', kind: 'status' }];
    case 'status':
      return [{ to: a.to, kind: 'status' }];
  }
}

const bed = (code: string, status: BedStatus, version = 1, bedClass: BedTile['bedClass'] = 'KELAS_3', roomId = 'r1'): BedTile => ({
  id: code,
  code,
  bedClass,
  status,
  statusSince: '2026-01-01T00:00:00.000Z',
  version,
  wardId: 'w',
  roomId,
  reservedUntil: null,
  reservationPurpose: null,
});

describe('the actions a tap offers', () => {
  it.each(BED_STATUSES)('from %s: only steps the status machine allows, and every step it allows', (from) => {
    const actions = actionsFor(from);
    for (const a of actions) for (const s of steps(from, a)) expect([a.label, checkTransition(from, s.to, s.kind).ok]).toEqual([a.label, true]);
    // Every allowed target is reachable through some offered action.
    const offered = new Set(actions.flatMap((a) => steps(from, a).map((s) => s.to)));
    for (const to of BED_STATUSES) {
      const allowed = (['admit', 'release', 'status'] as const).some((k) => checkTransition(from, to, k).ok);
      expect([to, offered.has(to)]).toEqual([to, allowed]);
    }
    expect(new Set(actions.map((a) => a.label)).size).toBe(actions.length);
  });

  it('offers the nurse’s words: cleaning done from CLEANING, discharge and transfer from OCCUPIED, a reason to close', () => {
    expect(actionsFor('CLEANING').map((a) => a.label)).toContain('Selesai dibersihkan');
    expect(actionsFor('OCCUPIED').map((a) => a.kind)).toEqual(['discharge', 'transfer']);
    expect(actionsFor('AVAILABLE').find((a) => a.kind === 'status' && a.to === 'CLOSED')).toMatchObject({ needsReason: true });
    // Reserving asks what for and how long.
    expect(actionsFor('AVAILABLE').find((a) => a.kind === 'reserve')).toMatchObject({ label: 'Pesan (reservasi)' });
    expect(actionsFor('CLOSED').find((a) => a.kind === 'status' && a.to === 'AVAILABLE')).toMatchObject({ label: 'Buka kembali', needsReason: true });
  });
});

describe('a bed tile', () => {
  it('says how long the bed has been in its state', () => {
    const since = '2026-01-01T00:00:00.000Z';
    const at = (minutes: number) => Date.parse(since) + minutes * 60_000;
    expect(durationText(since, at(0.5))).toBe('baru saja');
    expect(durationText(since, at(35))).toBe('35 menit');
    expect(durationText(since, at(120))).toBe('2 jam');
    expect(durationText(since, at(125))).toBe('2 jam 5 menit');
    expect(durationText(since, at(3 * 24 * 60 + 7))).toBe('3 hari');
    // A clock a little behind the server's never shows a negative time.
    expect(durationText(since, at(-2))).toBe('baru saja');
  });

  it('has a word and a symbol for every status, distinct from each other', () => {
    expect(new Set(BED_STATUSES.map((s) => STATUS_TEXT[s].label)).size).toBe(BED_STATUSES.length);
    expect(new Set(BED_STATUSES.map((s) => STATUS_TEXT[s].symbol)).size).toBe(BED_STATUSES.length);
    expect(Object.keys(PAYER_TEXT).sort()).toEqual([...PAYER_STATUSES].sort());
    expect(Object.keys(SEX_POLICY_TEXT).sort()).toEqual([...SEX_POLICIES].sort());
    expect(Object.keys(SEX_TEXT).sort()).toEqual([...PATIENT_SEXES].sort());
    expect(Object.keys(PURPOSE_TEXT).sort()).toEqual([...RESERVATION_PURPOSES].sort());
    expect(SEX_POLICY_TEXT).toEqual({ MALE: 'Laki-laki', FEMALE: 'Perempuan', MIXED: 'Campur' });
  });

  it('keeps the newer state when messages arrive late', () => {
    expect(merge(bed('A', 'OCCUPIED', 5), bed('A', 'AVAILABLE', 4)).status).toBe('OCCUPIED');
    expect(merge(bed('A', 'OCCUPIED', 5), bed('A', 'CLEANING', 6)).status).toBe('CLEANING');
    expect(merge(undefined, bed('A', 'CLEANING', 1)).status).toBe('CLEANING');
  });

  it('says how long a reservation still holds the bed', () => {
    const now = Date.parse('2026-01-01T10:00:00.000Z');
    const reserved = { ...bed('R-1', 'RESERVED'), reservedUntil: '2026-01-01T12:10:30.000Z' };
    expect(stateText(reserved, now)).toBe('dipesan, sisa 2 jam 10 menit');
    expect(remainingText('2026-01-01T10:00:40.000Z', now)).toBe('sisa kurang dari 1 menit');
    expect(remainingText('2026-01-01T09:59:00.000Z', now)).toBe('waktu habis, segera dilepas');
    // A reservation without an end (made before ends were kept) says how long it has been held.
    expect(stateText(bed('R-2', 'RESERVED'), now)).toBe('dipesan 10 jam');
  });

  it('counts under the public buckets and groups by room in code order, unknown rooms last', () => {
    const beds = [
      bed('X-10', 'AVAILABLE'),
      bed('X-2', 'CONTAMINATED'),
      bed('X-1', 'ISOLATED'),
      bed('V-1', 'OCCUPIED', 1, 'VIP', 'r2'),
      bed('N-1', 'AVAILABLE', 1, 'KELAS_3', 'new'),
    ];
    expect(summary(beds)).toEqual({ available: 2, occupied: 1, cleaning: 1, reserved: 0, closed: 1 });
    const rooms = [
      { id: 'r1', code: 'K10', name: 'Kamar 10', sexPolicy: 'FEMALE' as const },
      { id: 'r2', code: 'K2', name: 'Kamar 2', sexPolicy: 'MIXED' as const },
    ];
    const groups = groupByRoom(beds, rooms);
    expect(groups.map((g) => [g.label, g.sexPolicy])).toEqual([
      ['Kamar 2', 'MIXED'],
      ['Kamar 10', 'FEMALE'],
      ['Kamar lain', null],
    ]);
    expect(groups[1].beds.map((b) => b.code)).toEqual(['X-1', 'X-2', 'X-10']);
  });

  it('names the room and whom it takes when it refuses the patient’s sex', () => {
    expect(roomSexRefusal('MALE', 'Kamar 1')).toBe(
      'Kamar 1 hanya untuk pasien laki-laki (Laki-laki); jenis kelamin pasien tidak sesuai. Pilih tempat tidur di kamar lain.',
    );
    expect(roomSexRefusal('FEMALE', null)).toMatch(/^Kamar ini hanya untuk pasien perempuan \(Perempuan\)/);
  });
});
