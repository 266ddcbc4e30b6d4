import { EXCLUSIVE_ROLES, ROLES, roleCombinationProblem, type Role } from './roles';

describe('role combination rule', () => {
  it('allows any single role, and one exclusive role beside the others', () => {
    for (const r of ROLES) expect(roleCombinationProblem([r])).toBeNull();
    expect(roleCombinationProblem([])).toBeNull();
    expect(roleCombinationProblem(['ADMIN', 'WARD_STAFF', 'AUDITOR', 'FINANCE'])).toBeNull();
    expect(roleCombinationProblem(['ADMISSIONS', 'WARD_STAFF'])).toBeNull();
  });

  it('refuses every pair and the triple of ADMISSIONS, VERIFIER and FINANCE, naming the rule', () => {
    const combos: Role[][] = [
      ['ADMISSIONS', 'VERIFIER'],
      ['ADMISSIONS', 'FINANCE'],
      ['VERIFIER', 'FINANCE'],
      ['ADMIN', 'VERIFIER', 'FINANCE', 'AUDITOR'],
      [...EXCLUSIVE_ROLES],
    ];
    for (const roles of combos) {
      const problem = roleCombinationProblem(roles);
      expect(problem).toMatch(/at most one of ADMISSIONS, VERIFIER, FINANCE/);
      for (const r of roles.filter((x) => (EXCLUSIVE_ROLES as readonly Role[]).includes(x))) expect(problem).toContain(r);
    }
  });
});
