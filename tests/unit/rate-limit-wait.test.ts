import { describe, expect, it } from 'vitest';
import { RateLimitedError, describeWait } from '@/server/errors';

describe('the wait a 429 names', () => {
  it.each([
    [1, '1 second'],
    [40.2, '41 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [12 * 60 - 5, '12 minutes'],
    [3600, '60 minutes'],
    [90 * 60 + 1, '2 hours'],
    [23 * 3600, '23 hours'],
  ])('%i seconds read "%s"', (seconds, text) => {
    expect(describeWait(seconds)).toBe(text);
  });

  it('ends the refusal with the wait, and keeps the seconds for Retry-After', () => {
    const error = new RateLimitedError('Too many password reset requests from your network.', 700);
    expect(error.message).toBe('Too many password reset requests from your network. Try again in 12 minutes.');
    expect(error.retryAfterSeconds).toBe(700);
  });
});
