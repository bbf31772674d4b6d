// The pure flag rules the privileges page publishes: a flag's weight from
// its flagger's record, and when open spam flags hide a post. Hand-worked values.
import { describe, expect, it } from 'vitest';
import { defaultRules, flagWeight, spamFlagsHide, type SpamFlag } from '@/server/community/rules';

describe('flagWeight', () => {
  it('is 1 for a clean or good record and falls with each dismissed flag', () => {
    expect(flagWeight({ isStaff: false, agreed: 0, dismissed: 0 })).toBe(1);
    expect(flagWeight({ isStaff: false, agreed: 9, dismissed: 0 })).toBe(1);
    expect(flagWeight({ isStaff: false, agreed: 0, dismissed: 1 })).toBe(0.5);
    expect(flagWeight({ isStaff: false, agreed: 0, dismissed: 3 })).toBe(0.25);
    expect(flagWeight({ isStaff: false, agreed: 3, dismissed: 4 })).toBe(0.5);
  });

  it('is 1 for staff whatever their record', () => {
    expect(flagWeight({ isStaff: true, agreed: 0, dismissed: 7 })).toBe(1);
  });
});

describe('spamFlagsHide', () => {
  const flag = (overrides: Partial<SpamFlag> = {}): SpamFlag => ({ weight: 1, isStaff: false, isNewAccount: false, network: 'a', ...overrides });
  const author = { isStaff: false, reputation: 40 };

  it('needs a total weight of 3 (the published spamFlagsToHide)', () => {
    expect(defaultRules.limits.spamFlagsToHide).toBe(3);
    expect(spamFlagsHide([flag({ network: 'a' }), flag({ network: 'b' })], author)).toBe(false);
    expect(spamFlagsHide([flag({ network: 'a' }), flag({ network: 'b' }), flag({ network: 'c' })], author)).toBe(true);
    expect(
      spamFlagsHide([flag({ network: 'a', weight: 1 / 3 }), flag({ network: 'b' }), flag({ network: 'c' }), flag({ network: 'c', weight: 2 / 3 })], author),
    ).toBe(true);
    expect(spamFlagsHide([flag({ network: 'a', weight: 0.5 }), flag({ network: 'b' }), flag({ network: 'c' })], author)).toBe(false);
  });

  it('needs two networks and one flagger who is not new, unless staff flagged', () => {
    expect(spamFlagsHide([flag(), flag(), flag()], author)).toBe(false);
    expect(spamFlagsHide([flag({ network: null }), flag({ network: null }), flag({ network: 'a' })], author)).toBe(false);
    const allNew = [flag({ network: 'a', isNewAccount: true }), flag({ network: 'b', isNewAccount: true }), flag({ network: 'c', isNewAccount: true })];
    expect(spamFlagsHide(allNew, author)).toBe(false);
    expect(spamFlagsHide([...allNew.slice(0, 2), flag({ network: 'c' })], author)).toBe(true);
    expect(spamFlagsHide([flag({ isNewAccount: true }), flag({ isNewAccount: true }), flag({ isStaff: true })], author)).toBe(true);
  });

  it('never hides a post by staff or by a member with 1,000 reputation', () => {
    const enough = [flag({ network: 'a' }), flag({ network: 'b' }), flag({ network: 'c' }), flag({ isStaff: true })];
    expect(spamFlagsHide(enough, { isStaff: false, reputation: 999 })).toBe(true);
    expect(spamFlagsHide(enough, { isStaff: false, reputation: 1000 })).toBe(false);
    expect(spamFlagsHide(enough, { isStaff: true, reputation: 1 })).toBe(false);
  });
});
