import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlockList } from 'node:net';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type HeartbridgeError, isHeartbridgeError } from '../errors';
import { classifyAddress } from './ip-ranges';
import {
  assertDestinationHostAllowed,
  createGuardedLookup,
  guardedLookup,
  isPublicAddress,
  parsePrivateDestinations,
  type ResolveHost,
} from './ssrf';

const ENV = 'HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS';

// [range, first, last, just below, just above]; null where the neighbour is itself refused or absent.
const IPV4_TABLE: Array<[string, string, string, string | null, string | null]> = [
  ['0.0.0.0/8', '0.0.0.0', '0.255.255.255', null, '1.0.0.0'],
  ['10.0.0.0/8', '10.0.0.0', '10.255.255.255', '9.255.255.255', '11.0.0.0'],
  ['100.64.0.0/10', '100.64.0.0', '100.127.255.255', '100.63.255.255', '100.128.0.0'],
  ['127.0.0.0/8', '127.0.0.0', '127.255.255.255', '126.255.255.255', '128.0.0.0'],
  ['169.254.0.0/16', '169.254.0.0', '169.254.255.255', '169.253.255.255', '169.255.0.0'],
  ['172.16.0.0/12', '172.16.0.0', '172.31.255.255', '172.15.255.255', '172.32.0.0'],
  ['192.0.0.0/24', '192.0.0.0', '192.0.0.255', '191.255.255.255', '192.0.1.0'],
  ['192.0.2.0/24', '192.0.2.0', '192.0.2.255', '192.0.1.255', '192.0.3.0'],
  ['192.88.99.0/24', '192.88.99.0', '192.88.99.255', '192.88.98.255', '192.88.100.0'],
  ['192.168.0.0/16', '192.168.0.0', '192.168.255.255', '192.167.255.255', '192.169.0.0'],
  ['198.18.0.0/15', '198.18.0.0', '198.19.255.255', '198.17.255.255', '198.20.0.0'],
  ['198.51.100.0/24', '198.51.100.0', '198.51.100.255', '198.51.99.255', '198.51.101.0'],
  ['203.0.113.0/24', '203.0.113.0', '203.0.113.255', '203.0.112.255', '203.0.114.0'],
  ['224.0.0.0/4', '224.0.0.0', '239.255.255.255', '223.255.255.255', null],
  ['240.0.0.0/4', '240.0.0.0', '255.255.255.254', null, null],
  ['255.255.255.255/32', '255.255.255.255', '255.255.255.255', null, null],
];

const IPV6_TABLE: Array<[string, string, string, string | null, string | null]> = [
  ['::/128', '::', '::', null, null],
  ['::1/128', '::1', '::1', null, null],
  ['fc00::/7', 'fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', null, null],
  ['fe80::/10', 'fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', null, null],
  ['ff00::/8', 'ff00::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', null, null],
  [
    '2001:db8::/32',
    '2001:db8::',
    '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
    '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff',
    '2001:db9::',
  ],
];

describe('isPublicAddress', () => {
  it.each(IPV4_TABLE)('%s: inside refused, just outside allowed', (_range, first, last, below, above) => {
    expect(isPublicAddress(first)).toBe(false);
    expect(isPublicAddress(last)).toBe(false);
    if (below) expect(isPublicAddress(below)).toBe(true);
    if (above) expect(isPublicAddress(above)).toBe(true);
  });

  it.each(IPV6_TABLE)('%s: inside refused, just outside allowed', (_range, first, last, below, above) => {
    expect(isPublicAddress(first)).toBe(false);
    expect(isPublicAddress(last)).toBe(false);
    if (below) expect(isPublicAddress(below)).toBe(true);
    if (above) expect(isPublicAddress(above)).toBe(true);
  });

  it.each([
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['FD00:EC2::254', 'metadata'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:7F00:0001', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.5', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::10.0.0.5', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['fe80::1%eth0', 'link-local'],
    ['FE80::1', 'link-local'],
    ['fec0::1', 'reserved'],
    ['::127.0.0.1', 'reserved'],
    ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved'],
    ['4000::1', 'reserved'],
    ['not an ip', 'reserved'],
    ['8.8.8.8', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::808:808', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['2001:4860:4860::8888', 'public'],
  ])('%s is %s', (ip, addressClass) => {
    expect(classifyAddress(ip)).toBe(addressClass);
    expect(isPublicAddress(ip)).toBe(addressClass === 'public');
  });

  it('agrees with node:net BlockList for any IPv4, plain or wrapped in IPv6', () => {
    const refused = new BlockList();
    for (const [range] of IPV4_TABLE) {
      const [network = '', prefix] = range.split('/');
      refused.addSubnet(network, Number(prefix), 'ipv4');
    }
    refused.addAddress('168.63.129.16', 'ipv4'); // Azure WireServer, refused as metadata
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const expected = !refused.check(ip, 'ipv4');
        const [a = 0, b = 0, c = 0, d = 0] = ip.split('.').map(Number);
        const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        expect(isPublicAddress(ip)).toBe(expected);
        expect(isPublicAddress(`::ffff:${ip}`)).toBe(expected);
        expect(isPublicAddress(`::ffff:${hex.toUpperCase()}`)).toBe(expected);
        expect(isPublicAddress(`64:ff9b::${hex}`)).toBe(expected);
      }),
    );
  });

  it('calls an IPv6 address public only inside 2000::/3 and outside documentation space', () => {
    const publicSpace = new BlockList();
    publicSpace.addSubnet('2000::', 3, 'ipv6');
    const refused = new BlockList();
    refused.addSubnet('2001:db8::', 32, 'ipv6');
    refused.addSubnet('3fff::', 20, 'ipv6');
    refused.addSubnet('2002::', 16, 'ipv6'); // 6to4: judged by its IPv4 part, covered above
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        fc.pre(!refused.check(ip, 'ipv6'));
        expect(isPublicAddress(ip)).toBe(publicSpace.check(ip, 'ipv6'));
      }),
    );
  });
});

const publicOnly: ResolveHost = async () => [{ address: '93.184.215.14', family: 4 }];
const neverCalled: ResolveHost = async (host) => {
  throw new Error(`unexpected lookup of ${host}`);
};

async function refusal(promise: Promise<unknown>): Promise<HeartbridgeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isHeartbridgeError(error)) throw new Error(`expected a HeartbridgeError, got ${String(error)}`);
  expect(error.kind).toBe('invalid');
  return error;
}

describe('assertDestinationHostAllowed', () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each([
    ['http://127.0.0.1/', /127\.0\.0\.1 is a loopback address/],
    ['https://169.254.169.254/latest/meta-data/', /cloud metadata/],
    ['http://[::1]:8080/hook', /::1 is a loopback address/],
    ['[::1]:5432', /loopback/],
    ['::1', /loopback/],
    ['fe80::1%eth0', /link-local/],
    ['[::ffff:7f00:1]:80', /loopback/],
    ['http://[::FFFF:127.0.0.1]/', /loopback/],
    ['http://[FD00:EC2::254]/', /cloud metadata/],
    ['http://2130706433/', /127\.0\.0\.1 is a loopback/],
    ['http://0x7f.1/', /127\.0\.0\.1 is a loopback/],
    ['http://017700000001/', /127\.0\.0\.1 is a loopback/],
    ['0x7f.1:80', /127\.0\.0\.1 is a loopback/],
    ['amqp://guest:guest@0x7f.1:5672/', /127\.0\.0\.1 is a loopback/],
    ['postgres://user:pw@10.0.0.5:5432/db', /10\.0\.0\.5 is a private address/],
    ['10.0.0.5:3306', /private/],
    ['HTTP://192.168.1.1', /private/],
    ['http://0.0.0.0:3000/', /unspecified/],
    ['http://metadata.google.internal/computeMetadata/v1/', /"metadata.google.internal" is a cloud metadata/],
    ['METADATA.GOOGLE.INTERNAL.', /cloud metadata/],
    ['http://metadata/', /cloud metadata/],
    ['instance-data:80', /cloud metadata/],
  ])('refuses %s without resolving it', async (input, message) => {
    const error = await refusal(assertDestinationHostAllowed(input, { allowPrivate: false, lookup: neverCalled }));
    expect(error.message).toMatch(message);
  });

  it.each([
    ['https://hooks.example.com/terra', 'hooks.example.com'],
    ['hooks.example.com:8443', 'hooks.example.com'],
    ['s3://Bucket.Example.com.', 'bucket.example.com'],
  ])('allows %s when it resolves to public addresses only', async (input, host) => {
    await expect(assertDestinationHostAllowed(input, { allowPrivate: false, lookup: publicOnly })).resolves.toEqual({
      host,
      addresses: [{ address: '93.184.215.14', family: 4 }],
    });
  });

  it('allows public IP literals', async () => {
    for (const input of ['http://8.8.8.8/', '[2606:4700:4700::1111]:443', 'https://[2001:db9::1]/']) {
      await expect(
        assertDestinationHostAllowed(input, { allowPrivate: false, lookup: neverCalled }),
      ).resolves.toBeTruthy();
    }
  });

  it('refuses a host when any one of its addresses is private, naming host, address and class', async () => {
    const mixed: ResolveHost = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.5', family: 4 },
      { address: '2606:4700:4700::1111', family: 6 },
    ];
    const error = await refusal(
      assertDestinationHostAllowed('https://rebind.example/hook', { allowPrivate: false, lookup: mixed }),
    );
    expect(error.message).toContain('"rebind.example" resolves to 10.0.0.5, a private address');
    expect(error.details).toMatchObject({ host: 'rebind.example', address: '10.0.0.5', addressClass: 'private' });
  });

  it('refuses a host that does not resolve', async () => {
    const notFound: ResolveHost = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    for (const lookup of [notFound, async () => []]) {
      const error = await refusal(assertDestinationHostAllowed('nowhere.invalid', { allowPrivate: false, lookup }));
      expect(error.message).toBe('Destination host "nowhere.invalid" does not resolve');
    }
  });

  it.each(['', '   ', 'http://', 'file:///etc/passwd', 'http://exa mple.com/', 'http://[::1/'])(
    'refuses the malformed destination %j',
    async (input) => {
      await refusal(assertDestinationHostAllowed(input, { allowPrivate: false, lookup: publicOnly }));
    },
  );

  it('follows HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS=true or 1, still refusing cloud metadata', async () => {
    for (const value of ['true', '1', 'TRUE']) {
      vi.stubEnv(ENV, value);
      await expect(assertDestinationHostAllowed('http://10.0.0.5/', { lookup: neverCalled })).resolves.toBeTruthy();
      await expect(assertDestinationHostAllowed('[::1]:80', { lookup: neverCalled })).resolves.toBeTruthy();
      await refusal(assertDestinationHostAllowed('http://169.254.169.254/', { lookup: neverCalled }));
      await refusal(assertDestinationHostAllowed('metadata.google.internal', { lookup: neverCalled }));
    }
    vi.stubEnv(ENV, 'false');
    await refusal(assertDestinationHostAllowed('http://10.0.0.5/', { lookup: neverCalled }));
  });

  it('follows an allow-list of CIDRs and host names', async () => {
    vi.stubEnv(ENV, '127.0.0.1/32, localhost,10.1.0.0/16,[fd00::/8],169.254.169.254');
    const loopback: ResolveHost = async () => [
      { address: '127.0.0.2', family: 4 },
      { address: '::1', family: 6 },
    ];
    const allowed = (input: string, lookup: ResolveHost = neverCalled) =>
      assertDestinationHostAllowed(input, { lookup });
    await expect(allowed('http://127.0.0.1:8080/')).resolves.toBeTruthy();
    await expect(allowed('http://[::ffff:127.0.0.1]/')).resolves.toBeTruthy();
    await expect(allowed('LocalHost:5432', loopback)).resolves.toBeTruthy();
    await expect(allowed('10.1.255.255')).resolves.toBeTruthy();
    await expect(allowed('[fd12::1]:9000')).resolves.toBeTruthy();
    await expect(allowed('http://169.254.169.254/')).resolves.toBeTruthy();
    await refusal(allowed('http://127.0.0.2/'));
    await refusal(allowed('10.2.0.1'));
    await refusal(allowed('other.internal', loopback));
  });

  it('rejects a malformed allow-list instead of guessing', () => {
    expect(() => parsePrivateDestinations('10.0.0.0/33')).toThrow(/"10.0.0.0\/33"/);
    expect(() => parsePrivateDestinations('localhost, not a host')).toThrow(/"not a host"/);
    expect(parsePrivateDestinations(' ,localhost,, ')).toMatchObject({ networks: [], hosts: new Set(['localhost']) });
  });
});

describe('guardedLookup at connect time', () => {
  let server: http.Server;
  let port = 0;
  const toLoopback: ResolveHost = async () => [{ address: '127.0.0.1', family: 4 }];

  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('delivered'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => vi.unstubAllEnvs());

  function get(url: string, agent: http.Agent): Promise<string> {
    return new Promise((resolve, reject) => {
      http
        .get(url, { agent }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString();
          });
          res.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
  }

  it('refuses a name that rebinds to loopback after passing the save-time check', async () => {
    await expect(
      assertDestinationHostAllowed('http://receiver.test/', { allowPrivate: false, lookup: publicOnly }),
    ).resolves.toBeTruthy();
    const agent = new http.Agent({
      keepAlive: true,
      lookup: createGuardedLookup({ allowPrivate: false, lookup: toLoopback }),
    });
    const error = await refusal(get(`http://receiver.test:${port}/`, agent));
    expect(error.message).toContain('"receiver.test" resolves to 127.0.0.1, a loopback address');
    agent.destroy();
  });

  it('connects when private destinations are allowed', async () => {
    const agent = new http.Agent({
      keepAlive: true,
      lookup: createGuardedLookup({ allowPrivate: true, lookup: toLoopback }),
    });
    await expect(get(`http://receiver.test:${port}/`, agent)).resolves.toBe('delivered');
    agent.destroy();
  });

  it('guards a real http.get to 127.0.0.1 via localhost, following the env var', async () => {
    const agent = new http.Agent({ lookup: guardedLookup, family: 4 });
    const error = await refusal(get(`http://localhost:${port}/`, agent));
    expect(error.message).toMatch(/"localhost" resolves to 127\.0\.0\.1, a loopback address/);
    // Node skips lookup for literal IPs, so the sender's send-time assert is what refuses them.
    await refusal(assertDestinationHostAllowed(`http://127.0.0.1:${port}/`));
    vi.stubEnv(ENV, '127.0.0.1/32,localhost');
    await expect(get(`http://localhost:${port}/`, agent)).resolves.toBe('delivered');
    await expect(assertDestinationHostAllowed(`http://127.0.0.1:${port}/`)).resolves.toBeTruthy();
    agent.destroy();
  });

  it('answers in every dns.lookup calling form', async () => {
    const lookup = createGuardedLookup({
      allowPrivate: false,
      lookup: async () => [
        { address: '2606:4700:4700::1111', family: 6 },
        { address: '93.184.215.14', family: 4 },
      ],
    });
    const call = (options: Parameters<typeof lookup>[1] | undefined) =>
      new Promise<unknown[]>((resolve) => {
        const callback = (...args: unknown[]) => resolve(args);
        if (options === undefined) lookup('public.example', callback);
        else lookup('public.example', options, callback);
      });
    expect(await call(undefined)).toEqual([null, '2606:4700:4700::1111', 6]);
    expect(await call(4)).toEqual([null, '93.184.215.14', 4]);
    expect(await call({ family: 'IPv6' })).toEqual([null, '2606:4700:4700::1111', 6]);
    expect(await call({ all: true })).toEqual([
      null,
      [
        { address: '2606:4700:4700::1111', family: 6 },
        { address: '93.184.215.14', family: 4 },
      ],
    ]);
    const [error] = await new Promise<unknown[]>((resolve) =>
      createGuardedLookup({ allowPrivate: false })('metadata', { all: true }, (...args) => resolve(args)),
    );
    expect(isHeartbridgeError(error) && error.message).toMatch(/cloud metadata/);
  });
});
