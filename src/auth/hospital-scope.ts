/**
 * Which hospital a user may act on. A user belongs to one hospital, or to none: then the user is
 * service-wide (the city's: the admin created at boot, the city's own staff, the interfaces the
 * service acts as). Pure: the setup, user and bed services ask these rules and refuse with
 * `hospitalRefusal`.
 */
import { hasAnyRole, type Principal } from './principal';

/** A hospital as the rules need it: its id to compare, its code to name it. */
export interface HospitalRef {
  id: string;
  code: string;
}

type Scoped = Pick<Principal, 'hospitalId' | 'hospitalCode'>;

export const isServiceWide = (p: Scoped): boolean => p.hospitalId === null;

/** Whether the caller acts within this hospital: service-wide, or it is the caller's own. */
export const actsOnHospital = (p: Scoped, hospitalId: string | null): boolean => p.hospitalId === null || p.hospitalId === hospitalId;

/** What the caller may manage, in words. */
export const manageable = (p: Scoped): string => (p.hospitalId === null ? 'every hospital (service-wide)' : `only hospital ${p.hospitalCode}`);

/** The refusal's message: what was refused, and the hospital the caller may act on. */
export function hospitalRefusal(p: Scoped, what: string): string {
  return `${what}: you may act on ${manageable(p)}.`;
}

/** Setting up a hospital (its profile, wards, rooms, beds, import): an ADMIN of it, or a service-wide ADMIN. */
export function mayManageHospital(p: Principal, hospitalId: string): boolean {
  return p.roles.includes('ADMIN') && actsOnHospital(p, hospitalId);
}

/**
 * The HL7 interface serves every hospital through one listener: its log, its mapping (which
 * sender is which hospital, which location which ward) and its payer codes are the service's,
 * administered by a service-wide ADMIN only, so one hospital cannot redirect another's messages.
 */
export function mayAdministerInterfaces(p: Principal): boolean {
  return p.roles.includes('ADMIN') && isServiceWide(p);
}

/**
 * The RS Online bridge reports one hospital's beds with that hospital's credentials: its status
 * (errors included) and a report now are for an ADMIN of that hospital, or a service-wide ADMIN.
 */
export function mayAdministerRsOnline(p: Principal, reportedHospitalCode: string): boolean {
  return p.roles.includes('ADMIN') && (isServiceWide(p) || p.hospitalCode === reportedHospitalCode);
}

/** A new hospital joins the service through a service-wide ADMIN only. */
export function mayCreateHospital(p: Principal): boolean {
  return p.roles.includes('ADMIN') && isServiceWide(p);
}

/**
 * Ward staff change beds of their wards of their hospital; admission staff and admins any bed of
 * their hospital; service-wide ones any bed.
 */
export function mayChangeBedsOfWard(p: Principal, ward: { id: string; hospitalId: string }): boolean {
  if (!actsOnHospital(p, ward.hospitalId)) return false;
  if (hasAnyRole(p, ['ADMIN', 'ADMISSIONS'])) return true;
  return p.roles.includes('WARD_STAFF') && p.wardIds.includes(ward.id);
}

/** An ADMIN manages the users of their hospital; a hospital's ADMIN never a service-wide user. */
export function mayManageUser(actor: Principal, user: { hospitalId: string | null }): boolean {
  return actor.roles.includes('ADMIN') && (isServiceWide(actor) || user.hospitalId === actor.hospitalId);
}

export type HospitalChoice = { ok: true; hospital: HospitalRef | null } | { ok: false; code: 'FORBIDDEN' | 'BAD_USER_INPUT'; message: string };

/**
 * The hospital a user is given (created or changed) and whether the actor may give it:
 * - `requested`: the hospital named (null: service-wide); undefined: not named, then the current
 *   one (`current`, for a change), else the actor's, else that of the wards given;
 * - a hospital's ADMIN gives only their own hospital;
 * - every ward given belongs to that hospital; a service-wide user has no wards.
 */
export function userHospital(
  actor: Principal,
  requested: HospitalRef | null | undefined,
  wards: readonly { id: string; hospital: HospitalRef }[],
  current?: HospitalRef | null,
): HospitalChoice {
  const wardHospitals = [...new Map(wards.map((w) => [w.hospital.id, w.hospital])).values()];
  const actorHospital = actor.hospitalId === null ? null : { id: actor.hospitalId, code: actor.hospitalCode ?? actor.hospitalId };
  const hospital =
    requested !== undefined ? requested : current !== undefined ? current : (actorHospital ?? (wardHospitals.length === 1 ? wardHospitals[0] : null));
  if (!actsOnHospital(actor, hospital?.id ?? null)) {
    return {
      ok: false,
      code: 'FORBIDDEN',
      message: hospitalRefusal(actor, `You may not give a user ${hospital ? `hospital ${hospital.code}` : 'service-wide access'}`),
    };
  }
  const outside = wardHospitals.filter((h) => h.id !== hospital?.id);
  if (outside.length > 0) {
    const of = outside.map((h) => h.code).join(', ');
    if (!hospital) {
      return {
        ok: false,
        code: 'BAD_USER_INPUT',
        message: `wardIds names wards of ${of}; a service-wide user has no wards: give hospitalCode of the wards' hospital, with wards of that hospital only.`,
      };
    }
    if (!actsOnHospital(actor, outside[0].id)) {
      return { ok: false, code: 'FORBIDDEN', message: hospitalRefusal(actor, `wardIds names wards of ${of}`) };
    }
    return {
      ok: false,
      code: 'BAD_USER_INPUT',
      message: `wardIds names wards of ${of}; a user of hospital ${hospital.code} gets wards of ${hospital.code} only.`,
    };
  }
  return { ok: true, hospital };
}
