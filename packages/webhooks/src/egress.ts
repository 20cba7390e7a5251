import { type LookupAddress, promises as dns } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may go. Customers choose the URLs, so without a guard a delivery is a request
 * from inside the deployment to any address they name (the cloud metadata service, Redis, an
 * admin port): server-side request forgery.
 */
export interface EgressPolicy {
  /**
   * Allow loopback, private, link-local and other non-public addresses. For development and tests
   * (a receiver on 127.0.0.1), never in production.
   */
  allowPrivateTargets: boolean;
}

/** A name → addresses resolver; tests stand in for DNS with one. */
export type Resolver = (hostname: string, family: number) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname, family) => dns.lookup(hostname, { all: true, family });

// ipaddr.js range names, as an operator reads them in an attempt log.
const RANGE_NAMES: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (100.64.0.0/10)',
  private: 'private',
  reserved: 'reserved',
  uniqueLocal: 'unique local (fc00::/7)',
  ipv4Mapped: 'IPv4-mapped',
  rfc6145: 'IPv4-translated',
  rfc6052: 'NAT64 (IPv4-embedded)',
  '6to4': '6to4 (IPv4-embedded)',
  teredo: 'Teredo (IPv4-embedded)',
  deprecatedSiteLocal: 'site-local (fec0::/10)',
  discard: 'discard-only (100::/64)',
};

/**
 * Why an address may not receive webhooks, or null for a public unicast address. Only ipaddr.js's
 * `unicast` range passes: every special range (loopback, RFC 1918, link-local with
 * 169.254.169.254, CGNAT, multicast, unspecified, IPv6 ULA and link-local, the forms that embed
 * an IPv4 address, documentation and benchmarking ranges) is refused.
 */
export function blockedAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    // ::ffff:127.0.0.1 connects to 127.0.0.1: judge the IPv4 address it carries.
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    // The deprecated IPv4-compatible form (::a.b.c.d) has no public use either.
    else if (v6.parts.slice(0, 6).every((part) => part === 0) && v6.range() !== 'loopback' && v6.range() !== 'unspecified') {
      return 'IPv4-compatible';
    }
  }
  const range = parsed.range();
  return range === 'unicast' ? null : (RANGE_NAMES[range] ?? range);
}

export class BlockedTargetError extends Error {
  override readonly name = 'BlockedTargetError';
  /** Node passes a lookup error's `code` on; the delivery log shows it. */
  readonly code = 'ERR_WEBHOOK_TARGET_BLOCKED';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      host === address
        ? `${address} is a ${reason} address; webhooks go to public addresses only`
        : `${host} resolves to ${address}, a ${reason} address; webhooks go to public addresses only`,
    );
  }
}

/**
 * The DNS lookup the delivery sockets connect with. The check happens here, on the very addresses
 * the socket then connects to, so a name that resolved to a public address when it was registered
 * (or a moment ago) and to 127.0.0.1 now (DNS rebinding) is still refused. A name with any
 * refused address is refused whole: a public record beside a private one is a rebinding setup.
 */
export function guardedLookup(policy: EgressPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options.family === 4 || options.family === 6 ? options.family : 0).then(
      (addresses) => {
        if (!policy.allowPrivateTargets) {
          for (const { address } of addresses) {
            const reason = blockedAddressReason(address);
            if (reason) return callback(new BlockedTargetError(hostname, address, reason), '', 0);
          }
        }
        const [first] = addresses;
        if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        // With happy eyeballs (Node's autoSelectFamily) the socket asks for every address.
        if (options.all) return callback(null, addresses);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

export type TargetCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * What a delivery checks before connecting: http(s) only, and no non-public address written as a
 * literal IP (a socket given an IP never calls the lookup). Names are left to `guardedLookup`.
 */
export function checkWebhookUrl(url: string, policy: EgressPolicy): TargetCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, reason: 'only http and https URLs are allowed' };
  if (policy.allowPrivateTargets) return { ok: true, url: parsed };
  // WHATWG URL parsing has already normalised 0x7f.1, 2130706433 and friends to 127.0.0.1.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(host)) {
    const reason = blockedAddressReason(host);
    if (reason) return { ok: false, reason: new BlockedTargetError(host, host, reason).message };
  }
  return { ok: true, url: parsed };
}

const LOCALHOST = /(^|\.)localhost\.?$/i;

/**
 * What registration checks: `checkWebhookUrl`, and no `localhost` name (RFC 6761: always this
 * machine), so an obvious mistake is refused when it is made rather than at the first delivery.
 * Other names are judged at every connection, on the addresses they resolve to then.
 */
export function checkWebhookTarget(url: string, policy: EgressPolicy): TargetCheck {
  const check = checkWebhookUrl(url, policy);
  if (!check.ok || policy.allowPrivateTargets) return check;
  const host = check.url.hostname;
  if (LOCALHOST.test(host)) return { ok: false, reason: `${host} is this machine; webhooks go to public addresses only` };
  return check;
}
