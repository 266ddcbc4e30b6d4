import { AVAILABILITY_BUCKET, BED_STATUSES, HL7_BED_STATUS, allowedTargets, checkTransition, type BedStatus, type TransitionKind } from './bed-status';

// The whole allowed set, written out independently of the module's table: every other
// (from, to, kind) triple must be refused.
const ALLOWED = new Set([
  'AVAILABLE>OCCUPIED:admit',
  'AVAILABLE>RESERVED:status',
  'AVAILABLE>CLEANING:status',
  'AVAILABLE>CLOSED:status',
  'AVAILABLE>ISOLATED:status',
  'RESERVED>OCCUPIED:admit',
  'RESERVED>AVAILABLE:status',
  'RESERVED>CLOSED:status',
  'ISOLATED>OCCUPIED:admit',
  'ISOLATED>AVAILABLE:status',
  'ISOLATED>CLEANING:status',
  'ISOLATED>CLOSED:status',
  'OCCUPIED>CLEANING:release',
  'OCCUPIED>CONTAMINATED:release',
  'CLEANING>AVAILABLE:status',
  'CLEANING>CONTAMINATED:status',
  'CLEANING>CLOSED:status',
  'CONTAMINATED>CLEANING:status',
  'CONTAMINATED>CLOSED:status',
  'CLOSED>AVAILABLE:status',
  'CLOSED>CLEANING:status',
]);
const KINDS: TransitionKind[] = ['admit', 'release', 'status'];

describe('bed status machine', () => {
  const cases = BED_STATUSES.flatMap((from) => BED_STATUSES.flatMap((to) => KINDS.map((kind) => [from, to, kind] as const)));

  it.each(cases)('%s -> %s by %s', (from, to, kind) => {
    const result = checkTransition(from, to, kind);
    const expected = ALLOWED.has(`${from}>${to}:${kind}`);
    expect(result.ok).toBe(expected);
    if (!result.ok) {
      // A refusal names what is allowed from here, so staff know what to do instead.
      expect(result.allowed).toEqual(allowedTargets(from, kind));
      for (const allowed of result.allowed) expect(result.message).toContain(allowed);
      expect(result.message).toContain(from);
    }
  });

  it('never lets a patient in or out through a plain status change', () => {
    for (const from of BED_STATUSES) {
      expect(checkTransition(from, 'OCCUPIED', 'status').ok).toBe(false);
      if (from === 'OCCUPIED') for (const to of BED_STATUSES) expect(checkTransition(from, to, 'status').ok).toBe(false);
    }
  });

  it('discharge goes to cleaning, never straight to available', () => {
    expect(checkTransition('OCCUPIED', 'AVAILABLE', 'release').ok).toBe(false);
    expect(allowedTargets('OCCUPIED', 'release')).toEqual(['CLEANING', 'CONTAMINATED']);
  });

  it('says which action makes a move that the chosen action cannot', () => {
    const result = checkTransition('AVAILABLE', 'OCCUPIED', 'status');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/admitPatient/);
  });

  it('maps every status to HL7 v2 table 0116 (RESERVED has no code there)', () => {
    expect(HL7_BED_STATUS).toEqual({ AVAILABLE: 'U', OCCUPIED: 'O', RESERVED: null, CLEANING: 'H', CLOSED: 'C', ISOLATED: 'I', CONTAMINATED: 'K' });
  });

  it('reports every status under exactly one public counter', () => {
    const statuses: BedStatus[] = [...BED_STATUSES];
    expect(statuses.map((s) => AVAILABILITY_BUCKET[s])).toEqual(['available', 'occupied', 'reserved', 'cleaning', 'closed', 'closed', 'cleaning']);
  });
});
