import type { Role } from './roles';

/** The authenticated caller of a request. */
export interface Principal {
  id: string;
  username: string;
  roles: Role[];
  wardIds: string[];
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}

/** Ward staff change only beds of their wards; admission staff and admins change any bed. */
export function mayChangeBedsOfWard(principal: Principal, wardId: string): boolean {
  if (hasAnyRole(principal, ['ADMIN', 'ADMISSIONS'])) return true;
  return principal.roles.includes('WARD_STAFF') && principal.wardIds.includes(wardId);
}
