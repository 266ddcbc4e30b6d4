/**
 * Who may read what: the one table every read of patient data, bed history, claims and the live
 * feeds is checked against (resolvers, field resolvers, the CSV export and subscriptions call
 * `mayRead`). Pure: no framework here, so the table is unit-tested on its own and the README's
 * "Access matrix" section is this table written out.
 *
 * Writes are scoped by hospital elsewhere (src/auth/hospital-scope.ts: a user of a hospital sets
 * up, manages users and changes beds of that hospital only; a user without one is service-wide).
 * Reads of what is not public are narrowed here too: a user of a hospital reads a record that
 * names its hospital (scope.hospitalId) only when it is their own, whatever their role grants.
 *
 * A refused read is the error FORBIDDEN (UNAUTHENTICATED for an anonymous caller) at the path of
 * what was refused: a refused query or subscription returns no data; a refused field is null,
 * with the error at its path, and the rest of the answer is delivered.
 */
import type { Principal } from './principal';
import { ROLES, type Role } from './roles';

export const RESOURCES = [
  'publicAvailability',
  'bedState',
  'admission',
  'bedHistory',
  'claim',
  'claimExport',
  'indicatorCounts',
  'indicatorDeaths',
  'availabilityChanged',
  'bedChanged',
  'claimChanged',
  'fundBalanceChanged',
] as const;
export type Resource = (typeof RESOURCES)[number];

/**
 * How far a role's grant reaches:
 * - `all`: every record of the resource;
 * - `ownWards`: records of the caller's wards (scope.wardId among principal.wardIds);
 * - `ownClaims`: claims the caller submitted (scope.submittedBy is the caller);
 * - `throughClaim`: an admission read through a claim the caller may read (scope.throughClaim).
 */
export type Grant = 'all' | 'ownWards' | 'ownClaims' | 'throughClaim';

/** What the record being read is, as far as the matrix needs to know. */
export interface Scope {
  wardId?: string | null;
  /** The hospital the record belongs to; given, a user of another hospital may not read it. */
  hospitalId?: string | null;
  submittedBy?: string | null;
  throughClaim?: boolean;
}

export interface AccessRule {
  /** What the resource is, for the refusal message and the README table. */
  what: string;
  /** Anonymous callers may read it (counts only). */
  anonymous: boolean;
  roles: Partial<Record<Role, Grant>>;
}

const ALL_ROLES = Object.fromEntries(ROLES.map((r) => [r, 'all'])) as Record<Role, Grant>;

export const ACCESS_MATRIX: Readonly<Record<Resource, AccessRule>> = {
  publicAvailability: { what: 'free, occupied and total beds per ward and class (availability)', anonymous: true, roles: ALL_ROLES },
  bedState: { what: 'bed states (beds, bed: status, class, version, since when)', anonymous: false, roles: ALL_ROLES },
  admission: {
    what: 'admissions (medical record number, payer status, emergency, dates)',
    anonymous: false,
    roles: { ADMIN: 'all', ADMISSIONS: 'all', WARD_STAFF: 'ownWards', VERIFIER: 'throughClaim', FINANCE: 'throughClaim', AUDITOR: 'throughClaim' },
  },
  bedHistory: {
    what: 'bed history (bedHistory: actors, admission ids, reasons)',
    anonymous: false,
    roles: { ADMIN: 'all', ADMISSIONS: 'all', WARD_STAFF: 'ownWards' },
  },
  claim: {
    what: 'claims (claim, drawdowns: patient name, NIK, amounts, history)',
    anonymous: false,
    roles: { VERIFIER: 'all', FINANCE: 'all', AUDITOR: 'all', ADMISSIONS: 'ownClaims' },
  },
  claimExport: { what: 'the claims CSV export (GET /ledger/claims.csv)', anonymous: false, roles: { FINANCE: 'all', AUDITOR: 'all' } },
  indicatorCounts: {
    what: 'bed indicators (bedIndicators: bed days, patient days, discharges, BOR, ALOS, TOI, BTO)',
    anonymous: true,
    roles: ALL_ROLES,
  },
  indicatorDeaths: {
    what: 'deaths in the bed indicators (bedIndicators … deaths)',
    anonymous: false,
    roles: { ADMIN: 'all', ADMISSIONS: 'all', WARD_STAFF: 'ownWards' },
  },
  availabilityChanged: { what: 'the availabilityChanged subscription', anonymous: true, roles: ALL_ROLES },
  bedChanged: {
    what: 'the bedChanged subscription (live bed states of a ward)',
    anonymous: false,
    roles: { ADMIN: 'all', ADMISSIONS: 'all', WARD_STAFF: 'ownWards' },
  },
  claimChanged: {
    what: 'the claimChanged subscription (claim states with medical record numbers)',
    anonymous: false,
    roles: { VERIFIER: 'all', FINANCE: 'all', AUDITOR: 'all' },
  },
  fundBalanceChanged: {
    what: 'the fundBalanceChanged subscription',
    anonymous: false,
    roles: { VERIFIER: 'all', FINANCE: 'all', AUDITOR: 'all' },
  },
};

function grants(grant: Grant, principal: Principal, scope: Scope): boolean {
  switch (grant) {
    case 'all':
      return true;
    case 'ownWards':
      return typeof scope.wardId === 'string' && principal.wardIds.includes(scope.wardId.toLowerCase());
    case 'ownClaims':
      return typeof scope.submittedBy === 'string' && scope.submittedBy === principal.id;
    case 'throughClaim':
      return scope.throughClaim === true;
  }
}

/** A user of one hospital, and a record of another (service-wide users and unnamed hospitals pass). */
export function ofAnotherHospital(principal: Pick<Principal, 'hospitalId'>, scope: Scope): boolean {
  return principal.hospitalId !== null && typeof scope.hospitalId === 'string' && scope.hospitalId !== principal.hospitalId;
}

/** Whether the caller (null: anonymous) may read this record of the resource. */
export function mayRead(principal: Principal | null, resource: Resource, scope: Scope = {}): boolean {
  const rule = ACCESS_MATRIX[resource];
  if (!principal) return rule.anonymous;
  if (!rule.anonymous && ofAnotherHospital(principal, scope)) return false;
  return principal.roles.some((role) => {
    const grant = rule.roles[role];
    return grant !== undefined && grants(grant, principal, scope);
  });
}

const GRANT_WORDS: Record<Grant, string> = {
  all: '',
  ownWards: ' (own wards)',
  ownClaims: ' (claims they submitted)',
  throughClaim: ' (through a claim)',
};

/** Who may read the resource, in words: the second half of every refusal message. */
export function whoMayRead(resource: Resource): string {
  const rule = ACCESS_MATRIX[resource];
  const parts = ROLES.filter((r) => rule.roles[r] !== undefined).map((r) => `${r}${GRANT_WORDS[rule.roles[r]!]}`);
  if (rule.anonymous) return 'anyone, without a login';
  return parts.length > 0 ? parts.join(', ') : 'nobody';
}

/** The refusal message: what was refused and who may read it. */
export function refusalMessage(resource: Resource): string {
  return `You may not read ${ACCESS_MATRIX[resource].what}; it is readable by ${whoMayRead(resource)}.`;
}
