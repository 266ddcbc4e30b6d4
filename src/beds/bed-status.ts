/**
 * Bed statuses and the rules for moving between them. Pure: no framework imports, so the
 * table is unit-tested exhaustively and every other part of the service asks it.
 */
export const BED_STATUSES = ['AVAILABLE', 'OCCUPIED', 'RESERVED', 'CLEANING', 'CLOSED', 'ISOLATED', 'CONTAMINATED'] as const;
export type BedStatus = (typeof BED_STATUSES)[number];

/** HL7 v2 table 0116 (bed status). RESERVED has no code of its own in 0116. */
export const HL7_BED_STATUS: Record<BedStatus, string | null> = {
  AVAILABLE: 'U',
  OCCUPIED: 'O',
  RESERVED: null,
  CLEANING: 'H',
  CLOSED: 'C',
  ISOLATED: 'I',
  CONTAMINATED: 'K',
};

/** The public counters a status is reported under. */
export type AvailabilityBucket = 'available' | 'occupied' | 'reserved' | 'cleaning' | 'closed';
export const AVAILABILITY_BUCKET: Record<BedStatus, AvailabilityBucket> = {
  AVAILABLE: 'available',
  OCCUPIED: 'occupied',
  RESERVED: 'reserved',
  CLEANING: 'cleaning',
  // A contaminated bed is waiting for terminal disinfection: out of use like one being cleaned.
  CONTAMINATED: 'cleaning',
  CLOSED: 'closed',
  // An isolation-only bed cannot take a general admission, so the public sees it as closed.
  ISOLATED: 'closed',
};

/**
 * How a transition is made. A patient enters a bed only by admission or transfer ("admit")
 * and leaves it only by discharge or transfer ("release"); every other move is a plain status
 * change by staff ("status").
 */
export type TransitionKind = 'admit' | 'release' | 'status';

const TRANSITIONS: Record<BedStatus, Partial<Record<BedStatus, TransitionKind>>> = {
  AVAILABLE: { OCCUPIED: 'admit', RESERVED: 'status', CLEANING: 'status', CLOSED: 'status', ISOLATED: 'status' },
  RESERVED: { OCCUPIED: 'admit', AVAILABLE: 'status', CLOSED: 'status' },
  ISOLATED: { OCCUPIED: 'admit', AVAILABLE: 'status', CLEANING: 'status', CLOSED: 'status' },
  OCCUPIED: { CLEANING: 'release', CONTAMINATED: 'release' },
  CLEANING: { AVAILABLE: 'status', CONTAMINATED: 'status', CLOSED: 'status' },
  CONTAMINATED: { CLEANING: 'status', CLOSED: 'status' },
  CLOSED: { AVAILABLE: 'status', CLEANING: 'status' },
};

const ACTION_NAMES: Record<TransitionKind, string> = {
  admit: 'admitPatient or transferPatient',
  release: 'dischargePatient or transferPatient',
  status: 'changeBedStatus',
};

export function allowedTargets(from: BedStatus, kind?: TransitionKind): BedStatus[] {
  return BED_STATUSES.filter((to) => {
    const k = TRANSITIONS[from][to];
    return k !== undefined && (kind === undefined || k === kind);
  });
}

export type TransitionCheck = { ok: true } | { ok: false; message: string; allowed: BedStatus[] };

/** "changeBedStatus allows: A, B; dischargePatient or transferPatient allows: C" for every action. */
function describeAllowed(from: BedStatus, kind: TransitionKind): string {
  const kinds: TransitionKind[] = [kind, ...(['status', 'admit', 'release'] as const).filter((k) => k !== kind)];
  return kinds
    .map((k) => ({ k, targets: allowedTargets(from, k) }))
    .filter(({ k, targets }) => k === kind || targets.length > 0)
    .map(({ k, targets }) => `${ACTION_NAMES[k]} allows: ${targets.length > 0 ? targets.join(', ') : 'none'}`)
    .join('; ');
}

/** Whether a bed may move from `from` to `to` through the given kind of action. */
export function checkTransition(from: BedStatus, to: BedStatus, kind: TransitionKind): TransitionCheck {
  const actual = TRANSITIONS[from][to];
  if (actual === kind) return { ok: true };
  const allowed = allowedTargets(from, kind);
  const options = `From ${from}, ${describeAllowed(from, kind)}.`;
  if (actual !== undefined) {
    return { ok: false, allowed, message: `A bed goes from ${from} to ${to} only through ${ACTION_NAMES[actual]}. ${options}` };
  }
  if (from === to) return { ok: false, allowed, message: `The bed is already ${from}. ${options}` };
  return { ok: false, allowed, message: `A bed cannot go from ${from} to ${to}. ${options}` };
}
