// Who may do what in the community: earned by reputation, all granted to staff,
// none to suspended users. Domain functions call these; pages only use them to
// decide what to show.
import { isStaff } from '@/server/accounts/authorization';
import type { UserStanding } from '@/server/accounts/users';
import { ForbiddenError } from '@/server/errors';
import { defaultRules, privilegeLabels, type CommunityRules, type Privilege } from './rules';

/** A member as the community's rules see them: the accounts module's standing of a user. */
export type Member = UserStanding;

export function isSuspended(member: Member, now = Date.now()): boolean {
  return member.suspendedUntil !== null && member.suspendedUntil > now;
}

export function hasPrivilege(member: Member, privilege: Privilege, rules: CommunityRules = defaultRules): boolean {
  return isStaff(member) || member.reputation >= rules.privileges[privilege];
}

export class SuspendedError extends ForbiddenError {
  override name = 'SuspendedError';
}

/** Suspended members can read but not write; the refusal says why and until when (null when not suspended). */
export function suspensionRefusal(member: Member, now = Date.now()): SuspendedError | null {
  if (!isSuspended(member, now)) return null;
  const until = new Date(member.suspendedUntil!).toISOString().slice(0, 16).replace('T', ' ');
  return new SuspendedError(
    `Your account is suspended until ${until} UTC${member.suspensionReason ? `: ${member.suspensionReason}` : ''}. You can still read everything.`,
  );
}

/** Why the member may not use a privilege (suspended, or too little reputation), or null when they may. */
export function privilegeRefusal(member: Member, privilege: Privilege, rules: CommunityRules = defaultRules, now = Date.now()): ForbiddenError | null {
  const suspended = suspensionRefusal(member, now);
  if (suspended) return suspended;
  if (hasPrivilege(member, privilege, rules)) return null;
  const needed = rules.privileges[privilege];
  return new ForbiddenError(`${privilegeLabels[privilege].name} needs ${needed} reputation; you have ${member.reputation}. See /community/privileges.`);
}

export function assertNotSuspended(member: Member, now = Date.now()): void {
  const refusal = suspensionRefusal(member, now);
  if (refusal) throw refusal;
}

export function assertPrivilege(member: Member, privilege: Privilege, rules: CommunityRules = defaultRules, now = Date.now()): void {
  const refusal = privilegeRefusal(member, privilege, rules, now);
  if (refusal) throw refusal;
}
