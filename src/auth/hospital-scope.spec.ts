import {
  actsOnHospital,
  hospitalRefusal,
  mayAdministerInterfaces,
  mayAdministerRsOnline,
  mayChangeBedsOfWard,
  mayCreateHospital,
  mayManageHospital,
  mayManageUser,
  userHospital,
} from './hospital-scope';
import type { Principal } from './principal';
import type { Role } from './roles';

const A = { id: 'ha', code: 'RS-A' };
const B = { id: 'hb', code: 'RS-B' };
const user = (roles: Role[], hospital: { id: string; code: string } | null, wardIds: string[] = []): Principal => ({
  id: 'u1',
  username: 'u1',
  roles,
  wardIds,
  hospitalId: hospital?.id ?? null,
  hospitalCode: hospital?.code ?? null,
});
const city = user(['ADMIN'], null);
const adminA = user(['ADMIN'], A);

describe('who may manage which hospital', () => {
  it('lets a hospital ADMIN set up only their hospital, and only a service-wide ADMIN add one', () => {
    expect(mayManageHospital(adminA, A.id)).toBe(true);
    expect(mayManageHospital(adminA, B.id)).toBe(false);
    expect(mayManageHospital(city, B.id)).toBe(true);
    expect(mayManageHospital(user(['ADMISSIONS'], A), A.id)).toBe(false);
    expect(mayCreateHospital(city)).toBe(true);
    expect(mayCreateHospital(adminA)).toBe(false);
    expect(actsOnHospital(adminA, null)).toBe(false);
  });

  it('names the hospital the caller may act on in a refusal', () => {
    expect(hospitalRefusal(adminA, 'You may not set up hospital RS-B')).toBe('You may not set up hospital RS-B: you may act on only hospital RS-A.');
    expect(hospitalRefusal(city, 'x')).toMatch(/every hospital \(service-wide\)/);
  });

  it('keeps staff to the beds of their hospital, ward staff to their wards of it', () => {
    const wardA = { id: 'wa', hospitalId: A.id };
    const wardB = { id: 'wb', hospitalId: B.id };
    expect(mayChangeBedsOfWard(user(['ADMISSIONS'], A), wardA)).toBe(true);
    expect(mayChangeBedsOfWard(user(['ADMISSIONS'], A), wardB)).toBe(false);
    expect(mayChangeBedsOfWard(user(['ADMISSIONS'], null), wardB)).toBe(true);
    expect(mayChangeBedsOfWard(user(['WARD_STAFF'], A, ['wa']), wardA)).toBe(true);
    expect(mayChangeBedsOfWard(user(['WARD_STAFF'], A, ['wa']), { id: 'wa2', hospitalId: A.id })).toBe(false);
    // A ward id of another hospital held by mistake does not open it.
    expect(mayChangeBedsOfWard(user(['WARD_STAFF'], A, ['wb']), wardB)).toBe(false);
    expect(mayChangeBedsOfWard(adminA, wardB)).toBe(false);
    expect(mayChangeBedsOfWard(city, wardB)).toBe(true);
  });

  it('lets a hospital ADMIN manage the users of their hospital only, never a service-wide one', () => {
    expect(mayManageUser(adminA, { hospitalId: A.id })).toBe(true);
    expect(mayManageUser(adminA, { hospitalId: B.id })).toBe(false);
    expect(mayManageUser(adminA, { hospitalId: null })).toBe(false);
    expect(mayManageUser(city, { hospitalId: B.id })).toBe(true);
    expect(mayManageUser(user(['AUDITOR'], null), { hospitalId: B.id })).toBe(false);
  });
});

describe('the hospital a user is given', () => {
  const wa = { id: 'wa', hospital: A };
  const wb = { id: 'wb', hospital: B };

  it("takes the named hospital, else the current one, else the actor's, else the wards'", () => {
    expect(userHospital(city, B, [wb])).toEqual({ ok: true, hospital: B });
    expect(userHospital(city, undefined, [wa])).toEqual({ ok: true, hospital: A });
    expect(userHospital(city, undefined, [])).toEqual({ ok: true, hospital: null });
    expect(userHospital(adminA, undefined, [])).toEqual({ ok: true, hospital: A });
    expect(userHospital(city, undefined, [wb], A)).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(userHospital(city, undefined, [], null)).toEqual({ ok: true, hospital: null });
  });

  it('refuses a hospital ADMIN another hospital, service-wide access or wards of another hospital', () => {
    expect(userHospital(adminA, B, [])).toMatchObject({ ok: false, code: 'FORBIDDEN', message: /hospital RS-B: you may act on only hospital RS-A/ });
    expect(userHospital(adminA, null, [])).toMatchObject({ ok: false, code: 'FORBIDDEN', message: /service-wide access/ });
    expect(userHospital(adminA, undefined, [wb])).toMatchObject({ ok: false, code: 'FORBIDDEN', message: /wards of RS-B/ });
  });

  it('keeps the wards of a user to the hospital of the user', () => {
    expect(userHospital(city, A, [wa, wb])).toMatchObject({ ok: false, code: 'BAD_USER_INPUT', message: /wards of RS-B; a user of hospital RS-A/ });
    expect(userHospital(city, undefined, [wa, wb])).toMatchObject({ ok: false, code: 'BAD_USER_INPUT', message: /service-wide user has no wards/ });
    expect(userHospital(city, null, [wa])).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
  });
});

describe('who administers the HL7 interface', () => {
  it('is a service-wide ADMIN only: not the admin of one hospital, not a service-wide user of another role', () => {
    expect(mayAdministerInterfaces(city)).toBe(true);
    expect(mayAdministerInterfaces(adminA)).toBe(false);
    expect(mayAdministerInterfaces(user(['AUDITOR'], null))).toBe(false);
  });
});

describe('who administers the RS Online bridge', () => {
  it('is an ADMIN of the reported hospital or a service-wide ADMIN: not the admin of another hospital, not another role', () => {
    expect(mayAdministerRsOnline(adminA, A.code)).toBe(true);
    expect(mayAdministerRsOnline(city, A.code)).toBe(true);
    expect(mayAdministerRsOnline(user(['ADMIN'], B), A.code)).toBe(false);
    expect(mayAdministerRsOnline(user(['AUDITOR'], A), A.code)).toBe(false);
  });
});
