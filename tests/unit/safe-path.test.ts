import { describe, expect, it } from 'vitest';
import { safeLocalPath } from '@/web/safe-path';

const SITE = 'https://support.example.com';

describe('safeLocalPath', () => {
  it.each([
    ['/', '/'],
    ['/community/questions/5/widget?tab=votes#answer-7', '/community/questions/5/widget?tab=votes#answer-7'],
    ['/search?q=caf%C3%A9', '/search?q=caf%C3%A9'],
    ['/community/../help', '/help'],
    ['https://support.example.com/help?x=1', '/help?x=1'],
    ['HTTPS://SUPPORT.EXAMPLE.COM/help', '/help'],
    ['help', '/help'],
    // Encoded slashes stay encoded: a path segment, not a host.
    ['%2F%2Fexample.com', '/%2F%2Fexample.com'],
  ])('keeps the local path %j as %j', (value, path) => {
    expect(safeLocalPath(value, SITE)).toBe(path);
  });

  it.each([
    '/\t/example.com',
    '/\n/example.com',
    '/\r/example.com',
    '\t/example.com',
    '/\u0000/example.com',
    '/\u2028/example.com',
    '//example.com',
    '/\\example.com',
    '/\\/example.com',
    '\\\\example.com',
    'https://example.com/x',
    'HTTPS://EXAMPLE.COM',
    'https://support.example.com.evil.example/x',
    'http://support.example.com/x',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/%09/example.com',
    '/%0a/example.com',
    '/%0D/example.com',
    '/%5c/example.com',
    '/%5C%5Cexample.com',
    '/.//example.com',
    '/a/..//example.com',
    '/%2e//example.com',
    '',
    `/${'a'.repeat(2000)}`,
  ])('refuses %j', (value) => {
    expect(safeLocalPath(value, SITE)).toBeUndefined();
  });

  it('refuses a missing value', () => {
    expect(safeLocalPath(null, SITE)).toBeUndefined();
    expect(safeLocalPath(undefined, SITE)).toBeUndefined();
  });
});
