import { BED_STATUSES, checkTransition, type BedStatus } from '../../src/beds/bed-status';
import { PAYER_STATUSES } from '../../src/beds/payer-status';
import { actionsFor, durationText, groupByClass, merge, PAYER_TEXT, STATUS_TEXT, summary, type BedAction, type BedTile } from '../src/staf/bed-view';

/** Where an action leaves the bed, and through which kind of step the status machine knows. */
function steps(from: BedStatus, a: BedAction): { to: BedStatus; kind: 'admit' | 'release' | 'status' }[] {
  switch (a.kind) {
    case 'admit':
      return [{ to: 'OCCUPIED', kind: 'admit' }];
    case 'discharge':
      return [{ to: 'CLEANING', kind: 'release' }, ...(a.contaminatedAllowed ? [{ to: 'CONTAMINATED' as const, kind: 'release' as const }] : [])];
    case 'transfer':
      return [{ to: 'CLEANING', kind: 'release' }];
    case 'status':
      return [{ to: a.to, kind: 'status' }];
  }
}

const bed = (code: string, status: BedStatus, version = 1, bedClass: BedTile['bedClass'] = 'KELAS_3'): BedTile => ({
  id: code,
  code,
  bedClass,
  status,
  statusSince: '2026-01-01T00:00:00.000Z',
  version,
  wardId: 'w',
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
    expect(actionsFor('AVAILABLE').find((a) => a.kind === 'status' && a.to === 'RESERVED')).toMatchObject({ needsReason: false });
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
  });

  it('keeps the newer state when messages arrive late', () => {
    expect(merge(bed('A', 'OCCUPIED', 5), bed('A', 'AVAILABLE', 4)).status).toBe('OCCUPIED');
    expect(merge(bed('A', 'OCCUPIED', 5), bed('A', 'CLEANING', 6)).status).toBe('CLEANING');
    expect(merge(undefined, bed('A', 'CLEANING', 1)).status).toBe('CLEANING');
  });

  it('counts under the public buckets and groups by class in code order', () => {
    const beds = [bed('X-10', 'AVAILABLE'), bed('X-2', 'CONTAMINATED'), bed('X-1', 'ISOLATED'), bed('V-1', 'OCCUPIED', 1, 'VIP')];
    expect(summary(beds)).toEqual({ available: 1, occupied: 1, cleaning: 1, reserved: 0, closed: 1 });
    const groups = groupByClass(beds);
    expect(groups.map((g) => g.label)).toEqual(['VIP', 'Kelas III']);
    expect(groups[1].beds.map((b) => b.code)).toEqual(['X-1', 'X-2', 'X-10']);
  });
});
