import { changeEndsSessions, userChanges } from './user-changes';

const base = { roles: ['WARD_STAFF' as const], wardIds: ['w1', 'w2'], hospitalId: 'h1', disabled: false };

describe('user changes for the audit', () => {
  it('finds nothing when only the order of a list differs', () => {
    expect(userChanges(base, { ...base, wardIds: ['w2', 'w1'] })).toEqual([]);
    expect(changeEndsSessions([], base)).toBe(false);
  });

  it('lists each changed field with before and after', () => {
    const changes = userChanges(base, { roles: ['AUDITOR', 'WARD_STAFF'], wardIds: ['w3'], hospitalId: 'h2', disabled: true });
    expect(changes).toEqual([
      { field: 'roles', before: 'WARD_STAFF', after: 'AUDITOR,WARD_STAFF' },
      { field: 'wardIds', before: 'w1,w2', after: 'w3' },
      { field: 'hospitalId', before: 'h1', after: 'h2' },
      { field: 'disabled', before: 'false', after: 'true' },
    ]);
  });

  it('ends sessions on new roles or wards and on disabling, not on enabling alone', () => {
    const after = { ...base, wardIds: ['w1'] };
    expect(changeEndsSessions(userChanges(base, after), after)).toBe(true);
    const moved = { ...base, hospitalId: null };
    expect(changeEndsSessions(userChanges(base, moved), moved)).toBe(true);
    const disabled = { ...base, disabled: true };
    expect(changeEndsSessions(userChanges(base, disabled), disabled)).toBe(true);
    const enabled = { ...base };
    expect(changeEndsSessions(userChanges(disabled, enabled), enabled)).toBe(false);
  });
});
