import { describe, expect, it } from 'vitest';
import { TrustProxyError, clientAddressOf, parseTrustProxy } from '@/lib/client-address';

describe('the client address (TRUST_PROXY)', () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    for (const value of ['', 'false', '0']) {
      expect(clientAddressOf('127.0.0.1', '198.51.100.7', parseTrustProxy(value))).toBe('127.0.0.1');
    }
    expect(clientAddressOf('::ffff:10.1.2.3', '198.51.100.7', parseTrustProxy(''))).toBe('10.1.2.3');
  });

  it('walks back as many entries as there are trusted hops', () => {
    const header = '6.6.6.6, 198.51.100.7, 10.0.0.2';
    expect(clientAddressOf('10.0.0.1', header, parseTrustProxy('1'))).toBe('10.0.0.2');
    expect(clientAddressOf('10.0.0.1', header, parseTrustProxy('2'))).toBe('198.51.100.7');
    expect(clientAddressOf('10.0.0.1', header, parseTrustProxy('3'))).toBe('6.6.6.6');
    // More hops than entries: the left-most entry, as Express does.
    expect(clientAddressOf('10.0.0.1', header, parseTrustProxy('9'))).toBe('6.6.6.6');
    // No header: the socket.
    expect(clientAddressOf('10.0.0.1', undefined, parseTrustProxy('1'))).toBe('10.0.0.1');
  });

  it('skips trusted proxy addresses and ranges from the right, and stops at the first stranger', () => {
    const trust = parseTrustProxy('loopback, 10.0.0.0/8, 2001:db8::1');
    expect(clientAddressOf('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.4.4.4', trust)).toBe('198.51.100.7');
    expect(clientAddressOf('::1', '198.51.100.7', trust)).toBe('198.51.100.7');
    expect(clientAddressOf('2001:db8::1', ['6.6.6.6', '2001:db8::99'], trust)).toBe('2001:db8::99');
    // A socket that is not a trusted proxy is the client, header or not.
    expect(clientAddressOf('192.0.2.5', '6.6.6.6', trust)).toBe('192.0.2.5');
    // Garbage in the header ends the walk at the last real address.
    expect(clientAddressOf('127.0.0.1', 'made-up, 10.9.9.9', trust)).toBe('10.9.9.9');
  });

  it.each(['300.1.1.1', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/2', '101'])('refuses TRUST_PROXY=%s with a message', (value) => {
    expect(() => parseTrustProxy(value)).toThrow(TrustProxyError);
  });
});
