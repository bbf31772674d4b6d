// Who may do what in the community: earned by reputation, all granted to staff,
// none to suspended users. Domain functions call these; pages only use them to
// decide what to show.
import type { Role } from '@db/schema';
import { ForbiddenError } from '@/server/errors';
import { defaultRules, privilegeLabels, type CommunityRules, type Privilege } from './rules';

export interface Member {
  id: number;
  displayName: string;
  role: Role;
  reputation: number;
  suspendedUntil: number | null;
  suspensionReason: string | null;
}

export function isStaffMember(member: Pick<Member, 'role'>): boolean {
  return member.role === 'staff' || member.role === 'admin';
}

export function isSuspended(member: Member, now = Date.now()): boolean {
  return member.suspendedUntil !== null && member.suspendedUntil > now;
}

export function hasPrivilege(member: Member, privilege: Privilege, rules: CommunityRules = defaultRules): boolean {
  return isStaffMember(member) || member.reputation >= rules.privileges[privilege];
}

export class SuspendedError extends ForbiddenError {
  override name = 'SuspendedError';
}

/** Suspended members can read but not write; the message says why and until when. */
export function assertNotSuspended(member: Member, now = Date.now()): void {
  if (!isSuspended(member, now)) return;
  const until = new Date(member.suspendedUntil!).toISOString().slice(0, 16).replace('T', ' ');
  throw new SuspendedError(`Your account is suspended until ${until} UTC${member.suspensionReason ? `: ${member.suspensionReason}` : ''}. You can still read everything.`);
}

export function assertPrivilege(member: Member, privilege: Privilege, rules: CommunityRules = defaultRules, now = Date.now()): void {
  assertNotSuspended(member, now);
  if (hasPrivilege(member, privilege, rules)) return;
  const needed = rules.privileges[privilege];
  throw new ForbiddenError(`${privilegeLabels[privilege].name} needs ${needed} reputation; you have ${member.reputation}. See /community/privileges.`);
}
