// Who may do what. Domain functions call `assertCan` so every caller is
// checked, whatever page or endpoint it came from; pages use `can` only to
// decide what to show.
import { ForbiddenError, UnauthenticatedError } from '@/server/errors';
import type { SessionUser } from './sessions';

// Add an action here when a page or domain function first checks it.
export type Action = 'staff.area' | 'site.settings' | 'admin.users' | 'known_issues.manage' | 'report.publish' | 'insights.view';

const roleActions: Record<SessionUser['role'], ReadonlySet<Action>> = {
  member: new Set(),
  staff: new Set(['staff.area', 'known_issues.manage', 'report.publish', 'insights.view']),
  admin: new Set(['staff.area', 'site.settings', 'admin.users', 'known_issues.manage', 'report.publish', 'insights.view']),
};

export function can(user: SessionUser | null | undefined, action: Action): boolean {
  return !!user && roleActions[user.role].has(action);
}

export function assertSignedIn(user: SessionUser | null | undefined): asserts user is SessionUser {
  if (!user) throw new UnauthenticatedError();
}

export function assertCan(user: SessionUser | null | undefined, action: Action): asserts user is SessionUser {
  assertSignedIn(user);
  if (!can(user, action)) throw new ForbiddenError();
}

/** Staff and admins: the one definition, for sessions and community members alike. */
export function isStaff(user: Pick<SessionUser, 'role'> | null | undefined): boolean {
  return !!user && (user.role === 'staff' || user.role === 'admin');
}
