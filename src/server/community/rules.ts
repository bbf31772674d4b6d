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
    spamFlagsToHide: number;
  };
}

export type Privilege = 'vote.up' | 'comment' | 'vote.down' | 'edit.others' | 'close';

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
  },
};

export const privilegeLabels: Record<Privilege, { name: string; explanation: string }> = {
  'vote.up': { name: 'Vote up', explanation: 'Tell everyone a question or answer is useful.' },
  comment: { name: 'Comment everywhere', explanation: 'Comment on any post. You can always comment on your own posts and on answers to your questions.' },
  'vote.down': { name: 'Vote down', explanation: 'Mark a post as unhelpful or wrong. Down-voting an answer costs you 1 point.' },
  'edit.others': { name: 'Edit other people’s posts', explanation: 'Fix mistakes and improve any question or answer; every edit keeps a revision.' },
  close: { name: 'Close and reopen questions', explanation: 'Close duplicates and off-topic questions, and reopen them.' },
};
