// `appliedDelta` is the pure heart of the reputation ledger: what a rule's
// nominal change becomes after the daily cap on vote gains (200) and the
// floor of 1. Every expected value here is worked out by hand.
import { describe, expect, it } from 'vitest';
import { appliedDelta } from '@/server/community/reputation';
import { defaultRules } from '@/server/community/rules';

const CAP = 200;
const upvote = (earnedToday: number, current = 1) => appliedDelta({ ruleDelta: 10, current, earnedToday, capped: true, cap: CAP });
const downvote = (current: number, ruleDelta = -2) => appliedDelta({ ruleDelta, current, earnedToday: 0, capped: false, cap: CAP });

describe('the published defaults', () => {
  it('are the numbers the rules page prints', () => {
    expect(defaultRules.reputation).toMatchObject({
      questionUpvoted: 10,
      answerUpvoted: 10,
      answerAccepted: 15,
      acceptedAnAnswer: 2,
      downvoteReceived: -2,
      downvoteCastOnAnswer: -1,
      dailyVoteCap: 200,
    });
    expect(defaultRules.privileges).toEqual({ flag: 15, 'vote.up': 15, comment: 50, 'vote.down': 125, 'edit.others': 2000, close: 3000 });
  });
});

describe('appliedDelta: the daily cap on up-vote gains', () => {
  it('gives the full +10 while well under the cap', () => {
    expect(upvote(0)).toBe(10);
    expect(upvote(150)).toBe(10);
  });

  it('gives the full +10 when it lands exactly on the cap (190 + 10 = 200)', () => {
    expect(upvote(190)).toBe(10);
  });

  it('cuts a gain that crosses the cap to what is left (195 earned, +10 → +5)', () => {
    expect(upvote(195)).toBe(5);
    expect(upvote(199)).toBe(1);
  });

  it('gives nothing once the cap is reached (200 earned → 0) or passed', () => {
    expect(upvote(200)).toBe(0);
    expect(upvote(250)).toBe(0);
  });

  it('ignores the user’s total: only what was earned today counts', () => {
    expect(upvote(0, 5_000)).toBe(10);
    expect(upvote(200, 5_000)).toBe(0);
  });

  it('respects a site’s own cap', () => {
    expect(appliedDelta({ ruleDelta: 10, current: 1, earnedToday: 45, capped: true, cap: 50 })).toBe(5);
  });
});

describe('appliedDelta: uncapped gains', () => {
  it('gives an accept its full +15 even after 200 was earned from votes today', () => {
    expect(appliedDelta({ ruleDelta: 15, current: 201, earnedToday: 200, capped: false, cap: CAP })).toBe(15);
    expect(appliedDelta({ ruleDelta: 2, current: 201, earnedToday: 250, capped: false, cap: CAP })).toBe(2);
  });
});

describe('appliedDelta: the floor of 1', () => {
  it('applies a loss in full when it stays at or above 1 (3 − 2 = 1, 11 − 2 = 9)', () => {
    expect(downvote(3)).toBe(-2);
    expect(downvote(11)).toBe(-2);
  });

  it('cuts a loss that would go below 1 (reputation 2, −2 → −1)', () => {
    expect(downvote(2)).toBe(-1);
  });

  it('takes nothing from a user at 1 (reputation 1, −2 → 0; −1 → 0)', () => {
    expect(downvote(1)).toBe(0);
    expect(downvote(1, -1)).toBe(0);
  });

  it('cuts a large loss to the floor (reputation 40, −100 → −39)', () => {
    expect(downvote(40, -100)).toBe(-39);
  });

  it('never caps a loss, even on a day the cap was reached', () => {
    expect(appliedDelta({ ruleDelta: -2, current: 201, earnedToday: 200, capped: true, cap: CAP })).toBe(-2);
  });
});

describe('appliedDelta: a zero rule delta', () => {
  it('is zero whether capped or not, at the floor or at the cap', () => {
    expect(appliedDelta({ ruleDelta: 0, current: 1, earnedToday: 0, capped: false, cap: CAP })).toBe(0);
    expect(appliedDelta({ ruleDelta: 0, current: 1, earnedToday: 0, capped: true, cap: CAP })).toBe(0);
    expect(appliedDelta({ ruleDelta: 0, current: 500, earnedToday: 200, capped: true, cap: CAP })).toBe(0);
    expect(appliedDelta({ ruleDelta: 0, current: 500, earnedToday: 250, capped: true, cap: CAP })).toBe(0);
  });
});
