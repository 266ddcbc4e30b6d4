import { mayRead, ofAnotherHospital, refusalMessage, type Resource, type Scope } from './access-matrix';
import type { Principal } from './principal';
import { forbidden, unauthenticated } from '../common/error-codes';

/**
 * Throws the refusal of the access matrix when the caller may not read the record:
 * UNAUTHENTICATED without a login, FORBIDDEN otherwise, both saying who may read it.
 */
export function requireRead(principal: Principal | null | undefined, resource: Resource, scope: Scope = {}): void {
  if (mayRead(principal ?? null, resource, scope)) return;
  if (!principal) throw unauthenticated(`${refusalMessage(resource)} Log in first: send "Authorization: Bearer <token>".`);
  if (ofAnotherHospital(principal, scope))
    throw forbidden(`${refusalMessage(resource)} A user of hospital ${principal.hospitalCode} reads only that hospital's.`);
  throw forbidden(refusalMessage(resource));
}
