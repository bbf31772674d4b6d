import { describe, expect, it } from 'vitest';
import { randomToken } from '@/lib/crypto';
import { loggedPathOf } from '@/web/request-log';

const logged = (path: string) => loggedPathOf(new URL(path, 'http://hearth.test'));

describe('the request log line', () => {
  it('redacts ticket keys and token parameters, keeping the rest of the query', () => {
    expect(logged('/tickets/FN-1001?key=abc123&new=1')).toBe('/tickets/FN-1001?key=[redacted]&new=1');
    expect(logged('/verify?token=x&next=/help')).toBe('/verify?token=[redacted]&next=/help');
    expect(logged('/search?q=calendar+sync&sid=12')).toBe('/search?q=calendar+sync&sid=12');
    expect(logged(`/search?q=${randomToken()}`)).toBe('/search?q=[redacted]');
  });

  it('redacts reset-password tokens and any token-shaped path segment', () => {
    expect(logged('/reset-password/short')).toBe('/reset-password/[redacted]');
    expect(logged('/reset-password')).toBe('/reset-password');
    expect(logged(`/verify-email/${randomToken()}`)).toBe('/verify-email/[redacted]');
    expect(logged(`/links/${randomToken()}/open`)).toBe('/links/[redacted]/open');
    expect(logged('/community/questions/12/calendar-sync-fails')).toBe('/community/questions/12/calendar-sync-fails');
  });
});
