import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { InvalidArgumentError } from '@arca/store';
import { TargetRefusedError } from './TargetRefusedError.js';

/** Ranges a webhook must not reach unless allowed: what only this host or its private network can see. */
const DENIED: readonly [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'a "this network" address'],
  ['10.0.0.0', 8, 'ipv4', 'a private address'],
  ['100.64.0.0', 10, 'ipv4', 'a shared (carrier-grade NAT) address'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'ipv4', 'a private address'],
  ['192.0.0.0', 24, 'ipv4', 'a special-purpose address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address'],
  ['198.18.0.0', 15, 'ipv4', 'a benchmarking address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved address'],
  ['::', 128, 'ipv6', 'the unspecified address'],
  ['::1', 128, 'ipv6', 'a loopback address'],
  ['fc00::', 7, 'ipv6', 'a private (unique local) address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['ff00::', 8, 'ipv6', 'a multicast address'],
];

const DENY_LISTS = DENIED.map(([net, bits, kind, reason]) => {
  const list = new BlockList();
  list.addSubnet(net, bits, kind);
  return { list, reason };
});

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/**
 * Which addresses webhook deliveries may connect to: none in private, loopback
 * or link-local ranges, except those in the server's allow-list (CIDRs). The
 * check runs on the address actually connected to (see `lookup`), so a name
 * that resolves to a public address when the webhook is created and to a
 * private one later (DNS rebinding) is refused at delivery time.
 */
export class TargetPolicy {
  private readonly allowed = new BlockList();
  readonly allowList: readonly string[];

  constructor(allow: readonly string[] = []) {
    this.allowList = allow;
    for (const cidr of allow) {
      const m = /^([0-9a-fA-F.:]+)\/(\d{1,3})$/.exec(cidr.trim());
      const ip = m?.[1] ?? cidr.trim();
      const kind = isIP(ip);
      const bits = m ? Number(m[2]) : kind === 6 ? 128 : 32;
      if (!kind || bits > (kind === 6 ? 128 : 32)) throw new InvalidArgumentError('webhook allow-list', `${JSON.stringify(cidr)} is not an address or CIDR range`);
      this.allowed.addSubnet(ip, bits, kind === 6 ? 'ipv6' : 'ipv4');
    }
  }

  /** Why `address` is refused, or undefined when it may be reached. */
  refusal(address: string): string | undefined {
    const f = family(address);
    if (this.allowed.check(address, f)) return undefined;
    for (const { list, reason } of DENY_LISTS) if (list.check(address, f)) return `${reason} (allow it with --webhook-allow)`;
    return undefined;
  }

  /** Resolves `url`'s host now and refuses it unless every address it has may be reached. */
  async check(url: URL): Promise<void> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [host] : await resolveAll(url, host);
    for (const a of addresses) {
      const why = this.refusal(a);
      if (why) throw new TargetRefusedError(url.href, a, why);
    }
  }

  /**
   * A `lookup` for http.request: resolves, refuses if any address is refused,
   * and hands the socket exactly the addresses it checked (no second resolution).
   */
  lookup(url: string): (hostname: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => void {
    return (hostname, options, cb) => {
      dnsLookup(hostname, { all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return cb(err);
        for (const a of addresses) {
          const why = this.refusal(a.address);
          if (why) return cb(new TargetRefusedError(url, a.address, why));
        }
        if (options.all) cb(null, addresses);
        else cb(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
  }
}

async function resolveAll(url: URL, host: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (err, addresses) => {
      if (err) reject(new TargetRefusedError(url.href, '', `its host does not resolve (${err.code ?? err.message})`));
      else resolve(addresses.map((a) => a.address));
    });
  });
}
