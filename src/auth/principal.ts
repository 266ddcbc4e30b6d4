import type { Role } from './roles';

/** The authenticated caller of a request. */
export interface Principal {
  id: string;
  username: string;
  roles: Role[];
  wardIds: string[];
  /** The session a token named; absent for principals the service builds itself. */
  sessionId?: string;
  /** After resetPassword: only changePassword, logout and me are allowed until the password is changed. */
  mustChangePassword?: boolean;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}

/** Ward staff change only beds of their wards; admission staff and admins change any bed. */
export function mayChangeBedsOfWard(principal: Principal, wardId: string): boolean {
  if (hasAnyRole(principal, ['ADMIN', 'ADMISSIONS'])) return true;
  return principal.roles.includes('WARD_STAFF') && principal.wardIds.includes(wardId);
}

export const MUST_CHANGE_PASSWORD_MESSAGE =
  'Your password was reset: change it first with changePassword (only changePassword, logout and me are allowed until then).';
