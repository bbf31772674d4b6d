import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/config';

describe('configuration', () => {
  it('has working defaults for every variable', () => {
    const cfg = parseConfig({});
    expect(cfg.PORT).toBe(4321);
    expect(cfg.HOST).toBe('localhost');
    expect(cfg.DATABASE_PATH).toBe('./data/hearth.db');
    expect(cfg.SITE_URL).toBe('http://localhost:4321');
    expect(parseConfig({ PORT: '8080' }).SITE_URL).toBe('http://localhost:8080');
    expect(cfg.SMTP_URL).toBeUndefined();
    expect(cfg.MEILISEARCH_URL).toBeUndefined();
    expect(cfg.SUPPORT_HOURS).toEqual({ days: [1, 2, 3, 4, 5], openMinute: 540, closeMinute: 1020, label: 'Mon-Fri 09:00-17:00' });
    expect(cfg.SUPPORT_TIMEZONE).toBe('Europe/Amsterdam');
    expect(cfg.TRUST_PROXY).toBe('');
  });

  it('treats an empty value as unset and trims a trailing slash from SITE_URL', () => {
    const cfg = parseConfig({ SMTP_URL: '', SITE_URL: 'https://help.example.com/' });
    expect(cfg.SMTP_URL).toBeUndefined();
    expect(cfg.SITE_URL).toBe('https://help.example.com');
  });

  it('reads IMAGE_HOSTS as a lower-cased list of host names, empty by default', () => {
    expect(parseConfig({}).IMAGE_HOSTS).toEqual([]);
    expect(parseConfig({ IMAGE_HOSTS: ' Images.Example.com, cdn.example.org ,' }).IMAGE_HOSTS).toEqual(['images.example.com', 'cdn.example.org']);
  });

  it('parses support hours that wrap around the week', () => {
    expect(parseConfig({ SUPPORT_HOURS: 'Sat-Mon 10:00-14:30' }).SUPPORT_HOURS.days).toEqual([6, 0, 1]);
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['SITE_URL', 'not a url', 'SITE_URL'],
    ['SMTP_URL', 'http://mail.example.com', 'smtp://'],
    ['SUPPORT_HOURS', '9 to 5', 'Mon-Fri 09:00-17:00'],
    ['SUPPORT_HOURS', 'Mon-Fri 18:00-09:00', 'SUPPORT_HOURS'],
    ['SUPPORT_TIMEZONE', 'Mars/Olympus', 'IANA time zone'],
    ['MEILISEARCH_URL', 'localhost:7700', 'MEILISEARCH_URL'],
    ['IMAGE_HOSTS', 'https://images.example.com', 'IMAGE_HOSTS'],
    ['IMAGE_HOSTS', 'images.example.com:8443', 'no scheme, port, path or wildcard'],
    ['IMAGE_HOSTS', 'ok.example.com,*.example.com', 'IMAGE_HOSTS'],
    ['IMAGE_HOSTS', "images.example.com 'unsafe-inline'", 'IMAGE_HOSTS'],
    ['TRUST_PROXY', 'proxy.example.com', 'TRUST_PROXY: "proxy.example.com" is not an IP address'],
  ])('rejects %s=%s with a message naming the problem', (name, value, expected) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(expected);
  });
});
