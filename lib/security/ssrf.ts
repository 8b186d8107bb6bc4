import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Invalid } from '../errors';
import {
  ADDRESS_CLASS_DESCRIPTIONS,
  type AddressClass,
  type Cidr,
  cidrContains,
  classifyAddress,
  effectiveAddress,
  METADATA_HOSTNAMES,
  parseAddress,
  parseCidr,
} from './ip-ranges';

// SSRF guard for destinations (webhook URLs, database hosts, bucket endpoints, broker hosts): a
// destination resolving to anything but a public address is refused, at save time through
// `assertDestinationHostAllowed` and again at connect time through `guardedLookup`.

export const ALLOW_PRIVATE_DESTINATIONS_ENV = 'HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS';

export interface PrivateAllowList {
  readonly networks: readonly Cidr[];
  readonly hosts: ReadonlySet<string>;
}

/** `false`: public only; `true`: any non-public address except cloud metadata; a list: just what it names. */
export type PrivateDestinations = boolean | PrivateAllowList;

export type ResolveHost = (host: string) => Promise<LookupAddress[]>;

export interface DestinationGuardOptions {
  /** Defaults to `privateDestinationsAllowed()`, read on every check. */
  allowPrivate?: PrivateDestinations;
  /** Defaults to `dns.promises.lookup(host, { all: true })`; injectable for tests. */
  lookup?: ResolveHost;
}

export interface AllowedDestination {
  host: string;
  addresses: LookupAddress[];
}

/** True when `ip` is a literal IPv4/IPv6 address that is globally routable and no metadata endpoint. */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public';
}

/**
 * Parses HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS:
 * - unset, empty, `false` or `0`: public destinations only (the default);
 * - `true` or `1`: every loopback/private/link-local/reserved address, but cloud metadata stays refused;
 * - otherwise a comma-separated list of CIDRs (`10.1.0.0/16`, `fd00::/8`), single IPs (`127.0.0.1`,
 *   `::1`) and host names (`localhost`, `db.internal`): an address inside a listed range (a metadata
 *   address only if listed) or any address of a host listed by name is allowed. Example:
 *   `HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS=127.0.0.1/32,localhost`.
 * A malformed entry throws, so that a typo never silently widens or narrows the guard.
 */
export function parsePrivateDestinations(value: string | undefined): PrivateDestinations {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true' || text === '1') return true;
  const networks: Cidr[] = [];
  const hosts = new Set<string>();
  for (const raw of text.split(',')) {
    const entry = raw.trim().replace(/^\[(.*)\]$/, '$1');
    if (entry === '') continue;
    const cidr = parseCidr(entry);
    if (cidr) networks.push(cidr);
    else if (/^[a-z0-9_]([a-z0-9_-]*)(\.[a-z0-9_-]+)*\.?$/.test(entry)) hosts.add(normalizeName(entry));
    else throw new Error(`${ALLOW_PRIVATE_DESTINATIONS_ENV}: "${raw.trim()}" is not a CIDR, IP address or host name`);
  }
  return { networks, hosts };
}

let parsed: { value: string | undefined; result: PrivateDestinations } | undefined;

/** What HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS allows (see `parsePrivateDestinations` for the format). */
export function privateDestinationsAllowed(env: NodeJS.ProcessEnv = process.env): PrivateDestinations {
  const value = env[ALLOW_PRIVATE_DESTINATIONS_ENV];
  if (!parsed || parsed.value !== value) parsed = { value, result: parsePrivateDestinations(value) };
  return parsed.result;
}

/** The host a URL, connection string or bare `host[:port]` names: lower-case, no brackets, no trailing dot. */
export function destinationHost(hostOrUrl: string): string {
  const input = hostOrUrl.trim();
  if (isIP(input) === 6) return input.toLowerCase();
  let host: string;
  try {
    host = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? new URL(input).hostname : new URL(`http://${input}`).hostname;
    // Non-special schemes (postgres:, amqp:) keep the host opaque; re-parsing it as http normalizes
    // `0x7f.1`, `2130706433` and percent-escapes exactly as an http client would.
    if (host !== '' && !host.startsWith('[')) host = new URL(`http://${host}`).hostname;
  } catch {
    throw Invalid(`"${input}" is not a valid destination host`, { host: input });
  }
  host = normalizeName(host.replace(/^\[(.*)\]$/, '$1'));
  if (host === '') throw Invalid(`"${input}" names no destination host`, { host: input });
  return host;
}

function normalizeName(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

function allowedByPolicy(policy: PrivateDestinations, host: string, address: string, addressClass: AddressClass) {
  if (addressClass === 'public') return true;
  if (typeof policy === 'boolean') return policy && addressClass !== 'metadata';
  if (policy.hosts.has(host)) return true;
  const bytes = parseAddress(address);
  if (!bytes) return false;
  const effective = effectiveAddress(bytes);
  return policy.networks.some((cidr) => cidrContains(cidr, bytes) || cidrContains(cidr, effective));
}

const HINT = `(allow it with ${ALLOW_PRIVATE_DESTINATIONS_ENV})`;

function refuseMetadataName(host: string, policy: PrivateDestinations): void {
  if (!METADATA_HOSTNAMES.has(host)) return;
  if (typeof policy !== 'boolean' && policy.hosts.has(host)) return;
  throw Invalid(`Destination host "${host}" is a cloud metadata endpoint ${HINT}`, { host, addressClass: 'metadata' });
}

/** Throws `Invalid` when any of the addresses `host` resolved to is not allowed. */
function refuseUnlessAllowed(host: string, addresses: readonly LookupAddress[], policy: PrivateDestinations): void {
  for (const { address } of addresses) {
    const addressClass = classifyAddress(address);
    if (allowedByPolicy(policy, host, address, addressClass)) continue;
    const what = ADDRESS_CLASS_DESCRIPTIONS[addressClass];
    const message =
      isIP(host) !== 0
        ? `Destination ${host} is ${what} ${HINT}`
        : `Destination host "${host}" resolves to ${address}, ${what} ${HINT}`;
    throw Invalid(message, { host, address, addressClass });
  }
}

const resolveWithDns: ResolveHost = (host) => dns.promises.lookup(host, { all: true });

function literalAddress(host: string): LookupAddress[] | undefined {
  const family = isIP(host);
  return family === 0 ? undefined : [{ address: host, family }];
}

/**
 * Refuses (with `Invalid`) a destination whose host is a metadata name, does not resolve, or resolves
 * to any non-public address the policy does not allow. Accepts URLs of any scheme and bare
 * `host`, `host:port`, `[v6]:port`. Returns the host and the addresses it was checked against.
 */
export async function assertDestinationHostAllowed(
  hostOrUrl: string,
  options: DestinationGuardOptions = {},
): Promise<AllowedDestination> {
  const host = destinationHost(hostOrUrl);
  const policy = options.allowPrivate ?? privateDestinationsAllowed();
  refuseMetadataName(host, policy);
  let addresses = literalAddress(host);
  if (!addresses) {
    const resolve = options.lookup ?? resolveWithDns;
    try {
      addresses = await resolve(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      throw Invalid(`Destination host "${host}" does not resolve`, { host, code });
    }
    if (addresses.length === 0) throw Invalid(`Destination host "${host}" does not resolve`, { host });
  }
  refuseUnlessAllowed(host, addresses, policy);
  return { host, addresses };
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Same shape as `dns.lookup`, and assignable to `http.Agent`'s and undici's `connect.lookup` option. */
export type GuardedLookup = (
  hostname: string,
  options: LookupOptions | number | LookupCallback,
  callback?: LookupCallback,
) => void;

/**
 * A `dns.lookup` that refuses, at connect time, a host resolving to an address the policy does not
 * allow, so that a DNS rebind between save and send is caught. Net skips `lookup` for literal IPs:
 * the sender still calls `assertDestinationHostAllowed` before sending. DNS errors pass through as is.
 */
export function createGuardedLookup(options: DestinationGuardOptions = {}): GuardedLookup {
  return (hostname, optionsOrCallback, maybeCallback) => {
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
    if (!callback) throw new TypeError('guardedLookup needs a callback');
    const lookupOptions: LookupOptions =
      typeof optionsOrCallback === 'number'
        ? { family: optionsOrCallback }
        : typeof optionsOrCallback === 'object'
          ? optionsOrCallback
          : {};
    const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
    const host = normalizeName(hostname);
    const check = async () => {
      const policy = options.allowPrivate ?? privateDestinationsAllowed();
      refuseMetadataName(host, policy);
      const addresses = literalAddress(host) ?? (await (options.lookup ?? resolveWithDns)(host));
      refuseUnlessAllowed(host, addresses, policy);
      return family ? addresses.filter((a) => a.family === family) : addresses;
    };
    const deliver = (addresses: LookupAddress[]) => {
      const first = addresses[0];
      if (!first) {
        const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        error.code = 'ENOTFOUND';
        callback(error, lookupOptions.all ? [] : '');
      } else if (lookupOptions.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    };
    // Callbacks run outside the promise chain so that an exception in one is not swallowed.
    check().then(
      (addresses) => process.nextTick(deliver, addresses),
      (error: NodeJS.ErrnoException) => process.nextTick(callback, error, lookupOptions.all ? [] : ''),
    );
  };
}

/** The lookup the delivery sender passes to its keep-alive agent; reads the env policy per connection. */
export const guardedLookup: GuardedLookup = createGuardedLookup();
