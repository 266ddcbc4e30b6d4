import { ACCESS_MATRIX, mayRead, refusalMessage, RESOURCES, whoMayRead } from './access-matrix';
import type { Principal } from './principal';
import type { Role } from './roles';

const WARD_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const WARD_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const user = (roles: Role[], wardIds: string[] = [], id = 'user-1'): Principal => ({ id, username: id, roles, wardIds, hospitalId: null, hospitalCode: null });

describe('access matrix', () => {
  it('lets anonymous callers read public availability, indicator counts and availabilityChanged only', () => {
    const open = RESOURCES.filter((r) => mayRead(null, r, { wardId: WARD_A, submittedBy: 'x', throughClaim: true }));
    expect(open).toEqual(['publicAvailability', 'indicatorCounts', 'availabilityChanged']);
  });

  it('gives bed states to every authenticated role', () => {
    for (const role of ['ADMIN', 'WARD_STAFF', 'ADMISSIONS', 'VERIFIER', 'FINANCE', 'AUDITOR'] as Role[]) {
      expect(mayRead(user([role], [WARD_B]), 'bedState', { wardId: WARD_A })).toBe(true);
    }
  });

  it('gives ward staff admissions, bed history, deaths and bedChanged of their own wards only', () => {
    const staff = user(['WARD_STAFF'], [WARD_A]);
    for (const r of ['admission', 'bedHistory', 'indicatorDeaths', 'bedChanged'] as const) {
      expect(mayRead(staff, r, { wardId: WARD_A })).toBe(true);
      expect(mayRead(staff, r, { wardId: WARD_A.toUpperCase() })).toBe(true);
      expect(mayRead(staff, r, { wardId: WARD_B })).toBe(false);
      expect(mayRead(staff, r, { wardId: null })).toBe(false); // the whole hospital is more than their wards
      expect(mayRead(staff, r)).toBe(false);
    }
    expect(mayRead(staff, 'claim', { submittedBy: staff.id })).toBe(false);
    expect(mayRead(staff, 'claimExport')).toBe(false);
  });

  it('narrows every non-public read of a hospital user to records of their own hospital; service-wide users and public reads are not narrowed', () => {
    const HOSPITAL_A = 'hhhhhhhh-0000-4000-8000-00000000000a';
    const HOSPITAL_B = 'hhhhhhhh-0000-4000-8000-00000000000b';
    const ofA = (roles: Role[], wardIds: string[] = []): Principal => ({ ...user(roles, wardIds), hospitalId: HOSPITAL_A, hospitalCode: 'RS-A' });
    for (const role of ['ADMIN', 'ADMISSIONS'] as Role[]) {
      expect(mayRead(ofA([role]), 'admission', { wardId: WARD_B, hospitalId: HOSPITAL_A })).toBe(true);
      expect(mayRead(ofA([role]), 'admission', { wardId: WARD_B, hospitalId: HOSPITAL_B })).toBe(false);
      expect(mayRead(ofA([role]), 'bedHistory', { wardId: WARD_B, hospitalId: HOSPITAL_B })).toBe(false);
      expect(mayRead(user([role]), 'admission', { wardId: WARD_B, hospitalId: HOSPITAL_B })).toBe(true);
    }
    // A ward of theirs listed by mistake under another hospital still does not open it.
    expect(mayRead(ofA(['WARD_STAFF'], [WARD_A]), 'admission', { wardId: WARD_A, hospitalId: HOSPITAL_B })).toBe(false);
    expect(mayRead(ofA(['WARD_STAFF']), 'publicAvailability', { hospitalId: HOSPITAL_B })).toBe(true);
    // A record that names no hospital is judged by the role alone, as before.
    expect(mayRead(ofA(['ADMISSIONS']), 'admission', { wardId: WARD_B })).toBe(true);
  });

  it('gives ADMISSIONS and ADMIN admissions and history of every ward; claims to ADMISSIONS only for those they submitted', () => {
    for (const role of ['ADMIN', 'ADMISSIONS'] as Role[]) {
      expect(mayRead(user([role]), 'admission', { wardId: WARD_B })).toBe(true);
      expect(mayRead(user([role]), 'bedHistory', { wardId: WARD_B })).toBe(true);
    }
    expect(mayRead(user(['ADMISSIONS'], [], 'me'), 'claim', { submittedBy: 'me' })).toBe(true);
    expect(mayRead(user(['ADMISSIONS'], [], 'me'), 'claim', { submittedBy: 'someone-else' })).toBe(false);
    expect(mayRead(user(['ADMISSIONS'], [], 'me'), 'claim')).toBe(false); // a list of everyone's claims
    expect(mayRead(user(['ADMIN']), 'claim', { submittedBy: 'x' })).toBe(false);
  });

  it('gives VERIFIER, FINANCE and AUDITOR claims and the admission a claim refers to, not other admissions', () => {
    for (const role of ['VERIFIER', 'FINANCE', 'AUDITOR'] as Role[]) {
      const p = user([role]);
      expect(mayRead(p, 'claim')).toBe(true);
      expect(mayRead(p, 'claimChanged')).toBe(true);
      expect(mayRead(p, 'fundBalanceChanged')).toBe(true);
      expect(mayRead(p, 'admission', { wardId: WARD_A, throughClaim: true })).toBe(true);
      expect(mayRead(p, 'admission', { wardId: WARD_A })).toBe(false);
      expect(mayRead(p, 'bedHistory', { wardId: WARD_A })).toBe(false);
      expect(mayRead(p, 'indicatorDeaths', { wardId: WARD_A })).toBe(false);
      expect(mayRead(p, 'bedChanged', { wardId: WARD_A })).toBe(false);
    }
    expect(mayRead(user(['VERIFIER']), 'claimExport')).toBe(false);
    expect(mayRead(user(['FINANCE']), 'claimExport')).toBe(true);
    expect(mayRead(user(['AUDITOR']), 'claimExport')).toBe(true);
  });

  it('adds up the grants of a user with several roles', () => {
    const p = user(['WARD_STAFF', 'AUDITOR'], [WARD_A]);
    expect(mayRead(p, 'claim')).toBe(true);
    expect(mayRead(p, 'admission', { wardId: WARD_A })).toBe(true);
    expect(mayRead(p, 'admission', { wardId: WARD_B })).toBe(false);
    expect(mayRead(user([]), 'bedState')).toBe(false);
  });

  it('says in every refusal who may read the resource', () => {
    expect(whoMayRead('bedHistory')).toBe('ADMIN, WARD_STAFF (own wards), ADMISSIONS');
    expect(whoMayRead('claim')).toBe('ADMISSIONS (claims they submitted), VERIFIER, FINANCE, AUDITOR');
    expect(whoMayRead('availabilityChanged')).toBe('anyone, without a login');
    expect(refusalMessage('claimExport')).toBe('You may not read the claims CSV export (GET /ledger/claims.csv); it is readable by FINANCE, AUDITOR.');
    for (const r of RESOURCES) expect(ACCESS_MATRIX[r].what.length).toBeGreaterThan(0);
  });
});
