import { isIPv4, isIPv6 } from 'node:net';

/** What kind of address a destination resolved to; everything but `public` is refused by default. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'metadata'
  | 'documentation'
  | 'benchmarking'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

export const ADDRESS_CLASS_DESCRIPTIONS: Record<AddressClass, string> = {
  public: 'a public address',
  unspecified: 'an unspecified address',
  loopback: 'a loopback address',
  private: 'a private address',
  shared: 'a shared (carrier-grade NAT) address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  documentation: 'a documentation address',
  benchmarking: 'a benchmarking address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/** Host names of cloud instance-metadata services, refused without resolving them. */
export const METADATA_HOSTNAMES: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

// Checked before the ranges so that they carry the `metadata` label (and stay refused when all
// private destinations are allowed): AWS/GCP/Azure/OCI IMDS, AWS ECS and EKS credential endpoints,
// Alibaba Cloud, Azure WireServer.
const METADATA_ADDRESSES = [
  '169.254.169.254',
  '169.254.170.2',
  '169.254.170.23',
  '100.100.100.200',
  '168.63.129.16',
  'fd00:ec2::254',
  'fd00:ec2::23',
];

const IPV4_RANGES: ReadonlyArray<readonly [cidr: string, addressClass: AddressClass]> = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
];

// Only 2000::/3 holds global unicast; anything outside it that no row names (IPv4-compatible ::/96,
// discard-only 100::/64, deprecated site-local fec0::/10, unallocated space) is `reserved`.
const IPV6_RANGES: ReadonlyArray<readonly [cidr: string, addressClass: AddressClass]> = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'private'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'private'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];

/** An address as bytes: 4 for IPv4, 16 for IPv6. */
export type AddressBytes = Uint8Array;

export interface Cidr {
  readonly network: AddressBytes;
  readonly prefix: number;
}

/** Parses a literal IPv4 or IPv6 address (an IPv6 zone such as `%eth0` is dropped); undefined if not one. */
export function parseAddress(ip: string): AddressBytes | undefined {
  if (isIPv4(ip)) return Uint8Array.from(ip.split('.').map(Number));
  const withoutZone = ip.replace(/%.*$/, '');
  if (!isIPv6(withoutZone)) return undefined;
  return parseIPv6(withoutZone.toLowerCase());
}

function parseIPv6(ip: string): AddressBytes {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - headGroups.length - tailGroups.length }, () => '0');
  const bytes = new Uint8Array(16);
  [...headGroups, ...zeros, ...tailGroups].forEach((group, i) => {
    const value = Number.parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}

/** Parses `a.b.c.d/n`, `v6::/n`, or a bare address (a single-address range). */
export function parseCidr(text: string): Cidr | undefined {
  const [ip = '', prefixText, extra] = text.split('/');
  const network = parseAddress(ip);
  if (!network || extra !== undefined) return undefined;
  const bits = network.length * 8;
  if (prefixText === undefined) return { network, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= bits ? { network, prefix } : undefined;
}

export function cidrContains(cidr: Cidr, address: AddressBytes): boolean {
  if (cidr.network.length !== address.length) return false;
  const full = Math.floor(cidr.prefix / 8);
  for (let i = 0; i < full; i++) if (cidr.network[i] !== address[i]) return false;
  const rest = cidr.prefix % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((cidr.network[full] ?? 0) & mask) === ((address[full] ?? 0) & mask);
}

function range(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`bad range ${text}`);
  return cidr;
}

const compile = (ranges: ReadonlyArray<readonly [string, AddressClass]>) =>
  ranges.map(([text, addressClass]) => [range(text), addressClass] as const);

const metadataAddresses = METADATA_ADDRESSES.map(range);
const ipv4Ranges = compile(IPV4_RANGES);
const ipv6Ranges = compile(IPV6_RANGES);
const globalUnicast = range('2000::/3');
// IPv6 forms that carry an IPv4 address, judged by it: [range, offset of the IPv4 bytes].
const embeddingRanges: ReadonlyArray<readonly [Cidr, number]> = [
  [range('::ffff:0:0/96'), 12],
  [range('::ffff:0:0:0/96'), 12],
  [range('64:ff9b::/96'), 12],
  [range('2002::/16'), 2],
];

/**
 * The IPv4 address an IPv6 address stands for (IPv4-mapped, SIIT, NAT64 well-known prefix, 6to4),
 * or the address itself. Connecting to `::ffff:127.0.0.1` reaches 127.0.0.1, so it is judged as such.
 */
export function effectiveAddress(address: AddressBytes): AddressBytes {
  if (address.length === 4) return address;
  for (const [range, offset] of embeddingRanges) {
    if (cidrContains(range, address)) return address.slice(offset, offset + 4);
  }
  return address;
}

/** Classifies bytes from `parseAddress`. */
export function classifyBytes(raw: AddressBytes): AddressClass {
  const address = effectiveAddress(raw);
  if (metadataAddresses.some((cidr) => cidrContains(cidr, address))) return 'metadata';
  const ranges = address.length === 4 ? ipv4Ranges : ipv6Ranges;
  const match = ranges.find(([cidr]) => cidrContains(cidr, address));
  if (match) return match[1];
  if (address.length === 16 && !cidrContains(globalUnicast, address)) return 'reserved';
  return 'public';
}

/** Classifies a literal IP address; text that is not one is `reserved` (never public). */
export function classifyAddress(ip: string): AddressClass {
  const bytes = parseAddress(ip);
  return bytes ? classifyBytes(bytes) : 'reserved';
}
