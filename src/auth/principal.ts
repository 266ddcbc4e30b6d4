import type { Role } from './roles';

/** The authenticated caller of a request. */
export interface Principal {
  id: string;
  username: string;
  roles: Role[];
  wardIds: string[];
  /** The hospital the user belongs to and acts on; null: service-wide (the city's). */
  hospitalId: string | null;
  /** Its code, for messages; null when service-wide. */
  hospitalCode: string | null;
  /** The session a token named; absent for principals the service builds itself. */
  sessionId?: string;
  /** After resetPassword: only changePassword, logout and me are allowed until the password is changed. */
  mustChangePassword?: boolean;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}

export const MUST_CHANGE_PASSWORD_MESSAGE =
  'Your password was reset: change it first with changePassword (only changePassword, logout and me are allowed until then).';
