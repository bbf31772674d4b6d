// Issue 9 item 12: the CSP lets pages load images only from this site, data: URIs (the
// site's own icons) and the IMAGE_HOSTS allowlist, so an image that slipped into stored
// HTML before the allowlist existed still cannot be fetched from another host.
import { afterEach, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '@/config';
import { securityHeaders } from '@/web/security-headers';

const imgSrc = () => /(?:^|; )img-src ([^;]*)/.exec(securityHeaders('http://localhost:4321')['Content-Security-Policy']!)?.[1];

const saved = process.env.IMAGE_HOSTS;
afterEach(() => {
  if (saved === undefined) delete process.env.IMAGE_HOSTS;
  else process.env.IMAGE_HOSTS = saved;
  resetConfigForTests();
});

describe('CSP img-src', () => {
  it("allows only 'self' and data: when IMAGE_HOSTS is empty", () => {
    delete process.env.IMAGE_HOSTS;
    resetConfigForTests();
    expect(imgSrc()).toBe("'self' data:");
  });

  it('adds each allowlisted host over https', () => {
    process.env.IMAGE_HOSTS = 'images.example.com,cdn.example.org';
    resetConfigForTests();
    expect(imgSrc()).toBe("'self' data: https://images.example.com https://cdn.example.org");
  });
});
