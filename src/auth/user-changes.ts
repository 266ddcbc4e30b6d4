import type { Role } from './roles';
import type { UserAuditChange } from './user-audit.entity';

/** The fields of a user an administrator sets (never the password, which is audited only as changed). */
export interface UserFields {
  roles: readonly Role[];
  wardIds: readonly string[];
  hospitalId: string | null;
  disabled: boolean;
}

const setText = (values: readonly string[]): string => [...values].sort().join(',');

/** What an update changes, field by field, for the audit; lists compare as sets. */
export function userChanges(before: UserFields, after: UserFields): UserAuditChange[] {
  const changes: UserAuditChange[] = [];
  if (setText(before.roles) !== setText(after.roles)) changes.push({ field: 'roles', before: setText(before.roles), after: setText(after.roles) });
  if (setText(before.wardIds) !== setText(after.wardIds)) {
    changes.push({ field: 'wardIds', before: setText(before.wardIds), after: setText(after.wardIds) });
  }
  if (before.hospitalId !== after.hospitalId) changes.push({ field: 'hospitalId', before: before.hospitalId, after: after.hospitalId });
  if (before.disabled !== after.disabled) changes.push({ field: 'disabled', before: String(before.disabled), after: String(after.disabled) });
  return changes;
}

/** Whether the change must end the user's sessions: what they may do changed, or they may do nothing. */
export function changeEndsSessions(changes: readonly UserAuditChange[], after: UserFields): boolean {
  return after.disabled
    ? changes.some((c) => c.field === 'disabled')
    : changes.some((c) => c.field === 'roles' || c.field === 'wardIds' || c.field === 'hospitalId');
}
