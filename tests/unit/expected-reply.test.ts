// The expected first reply's arithmetic and words, hand-worked: the median, and
// minutes rounded up the way people say them (a "within" is never broken by rounding).
import { describe, expect, it } from 'vitest';
import { describeMinutes, median } from '@/server/tickets/expected-reply';

const clockDay = { minutes: 24 * 60, label: 'day' } as const;
const supportDay = { minutes: 8 * 60, label: 'business day' } as const;

describe('median', () => {
  it('is the middle value, or the mean of the middle two, of unsorted values', () => {
    expect(median([])).toBeUndefined();
    expect(median([7])).toBe(7);
    expect(median([300, 10, 40])).toBe(40);
    expect(median([40, 10, 25, 20])).toBe(22.5);
  });
});

describe('describeMinutes', () => {
  it.each([
    [0, clockDay, '5 minutes'],
    [4, clockDay, '5 minutes'],
    [22.5, clockDay, '25 minutes'],
    [55, clockDay, '55 minutes'],
    [56, clockDay, '1 hour'],
    [61, clockDay, '2 hours'],
    [23 * 60, clockDay, '23 hours'],
    [23 * 60 + 1, clockDay, '1 day'],
    [25 * 60, clockDay, '2 days'],
    [150, supportDay, '3 hours'],
    [7 * 60, supportDay, '7 hours'],
    [7 * 60 + 1, supportDay, '1 business day'],
    [24 * 60, supportDay, '3 business days'],
    [48 * 60, supportDay, '6 business days'],
  ])('%d minutes (%o) read "%s"', (minutes, day, words) => {
    expect(describeMinutes(minutes, day)).toBe(words);
  });
});
