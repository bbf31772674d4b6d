// The client's address behind zero or more reverse proxies (TRUST_PROXY), the
// way Express's `trust proxy` works: X-Forwarded-For is read from the right,
// starting at the socket, and only as far as the hops we trust. Anything to
// the left of that was written by the client and proves nothing.
import { BlockList, isIP } from 'node:net';

export type TrustProxy =
  /** No proxy: the socket's address is the client's, X-Forwarded-For is ignored. */
  | { kind: 'none' }
  /** This many proxies stand in front of Hearth; each appends the address it saw. */
  | { kind: 'hops'; hops: number }
  /** Proxies are known by address: every trusted address is skipped from the right. */
  | { kind: 'addresses'; list: BlockList };

/** Names Express accepts for common ranges. */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

export class TrustProxyError extends Error {
  override name = 'TrustProxyError';
}

/**
 * Parses TRUST_PROXY: empty, `false` or `0` (no proxy), a hop count such as
 * `1`, or a comma-separated list of addresses, CIDR ranges and the names
 * loopback, linklocal and uniquelocal. Throws TrustProxyError naming the bad part.
 */
export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return { kind: 'none' };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 100) throw new TrustProxyError(`"${value}" is not a sensible number of proxy hops`);
    return { kind: 'hops', hops };
  }
  const list = new BlockList();
  for (const part of text.split(',').map((p) => p.trim())) {
    for (const entry of NAMED_RANGES[part] ?? [part]) addEntry(list, entry);
  }
  return { kind: 'addresses', list };
}

function addEntry(list: BlockList, entry: string): void {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  const bad = () => new TrustProxyError(`"${entry}" is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`);
  if (family === 0 || extra !== undefined) throw bad();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefix === undefined) return list.addAddress(address, type);
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  if (bits < 0 || bits > (family === 4 ? 32 : 128)) throw bad();
  list.addSubnet(address, bits, type);
}

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, what a dual-stack socket reports) as plain IPv4. */
function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the socket's, or the right-most X-Forwarded-For entry
 * not written by a trusted proxy. An entry that is not an IP address ends the
 * walk at the last good one, so a client cannot make its key up.
 */
export function clientAddressOf(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trust: TrustProxy): string {
  const socket = normalizeAddress(socketAddress ?? '');
  if (trust.kind === 'none' || forwardedFor === undefined) return socket;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const hops = header
    .split(',')
    .map((entry) => normalizeAddress(entry.trim()))
    .filter((entry) => entry !== '')
    .reverse();
  // chain[0] is the socket (the nearest proxy, or the client); chain[i] is what the i-th proxy saw.
  const chain = [socket, ...hops];
  let index = 0;
  while (index < chain.length - 1) {
    const trusted = trust.kind === 'hops' ? index < trust.hops : isTrusted(trust.list, chain[index]!);
    if (!trusted || isIP(chain[index + 1]!) === 0) break;
    index++;
  }
  return chain[index]!;
}
