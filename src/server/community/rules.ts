// The community's published rules: reputation per event and the reputation
// each privilege needs (Stack Overflow's numbers as defaults). Every function
// takes a `rules` argument, so a site can change them in one place; the
// /community/privileges page prints these very numbers.

export interface CommunityRules {
  reputation: {
    questionUpvoted: number;
    answerUpvoted: number;
    answerAccepted: number;
    acceptedAnAnswer: number;
    downvoteReceived: number;
    downvoteCastOnAnswer: number;
    /** Most reputation a user can gain from votes in one UTC day (accepts are exempt). */
    dailyVoteCap: number;
    spamDeleted: number;
  };
  privileges: Record<Privilege, number>;
  limits: {
    /** Below this reputation a user is "new" and posts less often. */
    newUserReputation: number;
    newUserPostsPerHour: number;
    postsPerHour: number;
    commentsPerHour: number;
    votesPerDay: number;
    flagsPerDay: number;
    /** Total weight of open spam flags (see `flagWeight`) that hides a post until staff review it. */
    spamFlagsToHide: number;
    /** Posts by members with at least this much reputation (and by staff) are never hidden by flags; they wait in the queue. */
    protectedAuthorReputation: number;
    /** Accounts younger than this are new: spam flags from new accounts alone never hide a post. */
    newAccountDays: number;
    /** Images a new member (below `newUserReputation`) may upload to posts in an hour; others `imagesPerHour`. */
    newUserImagesPerHour: number;
    imagesPerHour: number;
  };
}

export type Privilege = 'flag' | 'vote.up' | 'comment' | 'vote.down' | 'edit.others' | 'close';

export const defaultRules: CommunityRules = {
  reputation: {
    questionUpvoted: 10,
    answerUpvoted: 10,
    answerAccepted: 15,
    acceptedAnAnswer: 2,
    downvoteReceived: -2,
    downvoteCastOnAnswer: -1,
    dailyVoteCap: 200,
    spamDeleted: -100,
  },
  privileges: {
    flag: 15,
    'vote.up': 15,
    comment: 50,
    'vote.down': 125,
    'edit.others': 2000,
    close: 3000,
  },
  limits: {
    newUserReputation: 10,
    newUserPostsPerHour: 3,
    postsPerHour: 20,
    commentsPerHour: 30,
    votesPerDay: 60,
    flagsPerDay: 20,
    spamFlagsToHide: 3,
    protectedAuthorReputation: 1000,
    newAccountDays: 7,
    newUserImagesPerHour: 3,
    imagesPerHour: 30,
  },
};

export const privilegeLabels: Record<Privilege, { name: string; explanation: string }> = {
  flag: { name: 'Flag posts', explanation: 'Tell staff a question, answer or comment is spam, rude, off-topic or needs them.' },
  'vote.up': { name: 'Vote up', explanation: 'Tell everyone a question or answer is useful.' },
  comment: { name: 'Comment everywhere', explanation: 'Comment on any post. You can always comment on your own posts and on answers to your questions.' },
  'vote.down': { name: 'Vote down', explanation: 'Mark a post as unhelpful or wrong. Down-voting an answer costs you 1 point.' },
  'edit.others': { name: 'Edit other people’s posts', explanation: 'Fix mistakes and improve any question or answer; every edit keeps a revision.' },
  close: { name: 'Close and reopen questions', explanation: 'Close duplicates and off-topic questions, and reopen them.' },
};

// Spam flags (Discourse's model): a flag weighs by how often staff agreed with
// the flagger before, and a handful of new accounts on one network cannot hide
// anything. The /community/privileges page explains these in words.

/** A flagger's record: their closed flags that staff acted on (`agreed`) or dismissed. */
export interface FlagRecord {
  isStaff: boolean;
  agreed: number;
  dismissed: number;
}

/**
 * What one flag counts towards `spamFlagsToHide`: staff 1; a member
 * (agreed + 1) / (agreed + dismissed + 1), so 1 for a clean record, ½ after one
 * dismissed flag and nothing agreed, and never more than 1.
 */
export function flagWeight(record: FlagRecord): number {
  if (record.isStaff) return 1;
  return (record.agreed + 1) / (record.agreed + record.dismissed + 1);
}

/** One open spam flag on a post, as the hide rule sees it. `network` is null when unknown (scripts). */
export interface SpamFlag {
  weight: number;
  isStaff: boolean;
  isNewAccount: boolean;
  network: string | null;
}

/**
 * Whether a post's open spam flags hide it: never a post by staff or by an
 * established member; otherwise the weights must add up to `spamFlagsToHide`,
 * and unless a staff member is among the flaggers, at least one flagger's
 * account must be past `newAccountDays` and the flags must come from two networks.
 */
export function spamFlagsHide(flags: SpamFlag[], author: { isStaff: boolean; reputation: number }, rules: CommunityRules = defaultRules): boolean {
  if (author.isStaff || author.reputation >= rules.limits.protectedAuthorReputation) return false;
  const total = flags.reduce((sum, f) => sum + f.weight, 0);
  // Weights are fractions such as 1/3; a hair of tolerance keeps 1/3 + 2/3 + 2 at 3.
  if (total + 1e-9 < rules.limits.spamFlagsToHide) return false;
  if (flags.some((f) => f.isStaff)) return true;
  const networks = new Set(flags.map((f) => f.network).filter((n) => n !== null));
  return networks.size >= 2 && flags.some((f) => !f.isNewAccount);
}
