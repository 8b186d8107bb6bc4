import { createHmac, timingSafeEqual } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type DeliverySignatureHeaders, generateSigningSecret, signDelivery, verifyTerraSignature } from './signing';
import { isSigningSecret, standardWebhooksKey } from './signing-secret';

const T = 1_723_808_700;
const ID = 'msg_2jR7x9Qm4ZkPp1';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const PREVIOUS = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';

const BODIES: Record<string, string> = {
  empty: '',
  small: '{"type":"auth","status":"success"}',
  unicode: '{"note":"café ☕ — 心拍 🫀 naïve","user":{"reference_id":"Zoë"}}',
  whitespace: '{\n  "type": "sleep",\r\n\t"data": [] }\n',
  large: JSON.stringify({
    type: 'daily',
    version: '2022-03-16',
    data: Array.from({ length: 4000 }, (_, i) => ({ minute: i, hr: 60 + (i % 40), note: `✓ ${i}` })),
  }),
};

// Independent of the module under test: the spec's HMAC written out, header parsed by hand.
function terraMatchesBySpec(header: string, body: string, secret: string): boolean {
  const parts = header.split(',');
  const t = parts.find((p) => p.startsWith('t='))?.slice(2);
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return parts.filter((p) => p.startsWith('v1=')).some((p) => p.slice(3) === expected);
}

// The package checks freshness against Date.now(): pin the clock to the signing time. jsonParse off,
// since it would otherwise also reject (valid, signed) bodies that are not JSON.
function verifyStandard(secret: string, body: string | Buffer, headers: DeliverySignatureHeaders): boolean {
  vi.setSystemTime(Number(headers['webhook-timestamp']) * 1000);
  try {
    new Webhook(secret).verify(body, { ...headers }, { jsonParse: false });
    return true;
  } catch {
    return false;
  }
}

beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
afterEach(() => vi.useRealTimers());

describe('generateSigningSecret', () => {
  it('makes distinct whsec_ secrets of 32 random bytes that standardwebhooks accepts', () => {
    const secrets = Array.from({ length: 50 }, generateSigningSecret);
    expect(new Set(secrets).size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(standardWebhooksKey(secret)).toHaveLength(32);
      expect(isSigningSecret(secret)).toBe(true);
      expect(() => new Webhook(secret)).not.toThrow();
    }
  });

  it.each([
    ['no prefix', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['not base64', 'whsec_MfKQ9r8GKYqr!wjUPD8ILPZIo2LaLaSw'],
    ['too short', 'whsec_c2hvcnQ='],
    ['empty', 'whsec_'],
  ])('refuses a secret with %s', (_, secret) => {
    expect(isSigningSecret(secret)).toBe(false);
    expect(() => signDelivery({ body: '{}', secrets: [secret], eventId: ID, timestamp: T })).toThrow(/signing secret/);
  });
});

describe('signDelivery headers', () => {
  it('have the documented shapes', () => {
    const headers = signDelivery({ body: BODIES.small ?? '', secrets: [SECRET], eventId: ID, timestamp: T });
    expect(Object.keys(headers).sort()).toEqual([
      'terra-signature',
      'webhook-id',
      'webhook-signature',
      'webhook-timestamp',
    ]);
    expect(headers['terra-signature']).toMatch(/^t=1723808700,v1=[0-9a-f]{64}$/);
    expect(headers['webhook-id']).toBe(ID);
    expect(headers['webhook-timestamp']).toBe('1723808700');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  it.each([
    ['no secret', { secrets: [] }],
    ['an empty event id', { eventId: '' }],
    ['an event id with a space', { eventId: 'evt 1' }],
    ['an event id with a newline', { eventId: 'evt\r\n1' }],
    ['a fractional timestamp', { timestamp: T + 0.5 }],
    ['an unsafe integer timestamp', { timestamp: 2 ** 60 }],
    ['a negative timestamp', { timestamp: -1 }],
  ])('refuses %s', (_, override) => {
    const call = () => signDelivery({ body: '{}', secrets: [SECRET], eventId: ID, timestamp: T, ...override });
    expect(call).toThrow(expect.objectContaining({ name: 'HeartbridgeError', kind: 'invalid' }));
  });
});

describe('Standard Webhooks headers', () => {
  it.each(Object.entries(BODIES))('verify with the standardwebhooks package: %s body', (_, body) => {
    const headers = signDelivery({ body, secrets: [SECRET], eventId: ID, timestamp: T });
    expect(verifyStandard(SECRET, body, headers)).toBe(true);
    expect(verifyStandard(SECRET, Buffer.from(body, 'utf8'), headers)).toBe(true);
  });

  it('fail once the body, id or timestamp is tampered with, or the secret is wrong', () => {
    const body = BODIES.unicode ?? '';
    const headers = signDelivery({ body, secrets: [SECRET], eventId: ID, timestamp: T });
    expect(verifyStandard(SECRET, body.replace('Zoë', 'Zoe'), headers)).toBe(false);
    expect(verifyStandard(SECRET, `${body} `, headers)).toBe(false);
    expect(verifyStandard(SECRET, body, { ...headers, 'webhook-id': `${ID}x` })).toBe(false);
    expect(verifyStandard(SECRET, body, { ...headers, 'webhook-timestamp': String(T + 1) })).toBe(false);
    expect(verifyStandard(generateSigningSecret(), body, headers)).toBe(false);
  });

  it('are refused by the package when older than its 5-minute tolerance', () => {
    const headers = signDelivery({ body: '{}', secrets: [SECRET], eventId: ID, timestamp: T });
    vi.setSystemTime((T + 301) * 1000);
    expect(() => new Webhook(SECRET).verify('{}', { ...headers })).toThrow(/too old/);
  });
});

describe('terra-signature header', () => {
  it.each(Object.entries(BODIES))('verifies by the spec and with verifyTerraSignature: %s body', (_, body) => {
    const headers = signDelivery({ body, secrets: [SECRET], eventId: ID, timestamp: T });
    const header = headers['terra-signature'];
    expect(terraMatchesBySpec(header, body, SECRET)).toBe(true);
    expect(verifyTerraSignature({ body, header, secret: SECRET, now: T })).toBe(true);
    expect(verifyTerraSignature({ body: Buffer.from(body, 'utf8'), header, secret: SECRET, now: T })).toBe(true);
  });

  it('fails once the body, timestamp or signature is tampered with, or the secret is wrong', () => {
    const body = BODIES.unicode ?? '';
    const header = signDelivery({ body, secrets: [SECRET], eventId: ID, timestamp: T })['terra-signature'];
    const verify = (b: string, h: string, secret = SECRET) =>
      verifyTerraSignature({ body: b, header: h, secret, now: T });
    const otherT = header.replace(`t=${T}`, `t=${T + 1}`);
    const otherSig = header.replace(/v1=(.)/, (_, c: string) => `v1=${c === '0' ? '1' : '0'}`);
    for (const [b, h] of [
      [body.replace('Zoë', 'Zoe'), header],
      [body, otherT],
      [body, otherSig],
    ] as const) {
      expect(terraMatchesBySpec(h, b, SECRET)).toBe(false);
      expect(verify(b, h)).toBe(false);
    }
    expect(verify(body, header, PREVIOUS)).toBe(false);
  });

  it('keys the HMAC with the whole whsec_ string, as a Terra developer pastes it', () => {
    const body = '{"type":"deauth"}';
    const header = signDelivery({ body, secrets: [SECRET], eventId: ID, timestamp: T })['terra-signature'];
    const hex = createHmac('sha256', SECRET).update(`${T}.${body}`).digest('hex');
    expect(header).toBe(`t=${T},v1=${hex}`);
  });
});

describe('rotation', () => {
  const body = BODIES.large ?? '';
  const headers = signDelivery({ body, secrets: [SECRET, PREVIOUS], eventId: ID, timestamp: T });

  it('carries one signature per secret, current first, in both schemes', () => {
    expect(headers['terra-signature'].split(',')).toHaveLength(3);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    const onlyCurrent = signDelivery({ body, secrets: [SECRET], eventId: ID, timestamp: T });
    expect(headers['terra-signature'].startsWith(onlyCurrent['terra-signature'])).toBe(true);
    expect(headers['webhook-signature'].startsWith(onlyCurrent['webhook-signature'])).toBe(true);
  });

  it.each([
    ['current', SECRET],
    ['previous', PREVIOUS],
  ])('verifies with the %s secret alone', (_, secret) => {
    expect(verifyStandard(secret, body, headers)).toBe(true);
    expect(terraMatchesBySpec(headers['terra-signature'], body, secret)).toBe(true);
    expect(verifyTerraSignature({ body, header: headers['terra-signature'], secret, now: T })).toBe(true);
  });

  it('does not repeat a secret listed twice', () => {
    const twice = signDelivery({ body, secrets: [SECRET, SECRET], eventId: ID, timestamp: T });
    expect(twice['webhook-signature'].split(' ')).toHaveLength(1);
  });
});

describe('verifyTerraSignature refuses', () => {
  const body = '{"type":"sleep"}';
  const header = signDelivery({ body, secrets: [SECRET], eventId: ID, timestamp: T })['terra-signature'];
  const hex = header.split('v1=')[1] ?? '';

  it.each([
    ['301 s in the past', { now: T + 301 }],
    ['301 s in the future', { now: T - 301 }],
    ['61 s in the past with a 60 s tolerance', { now: T + 61, toleranceSeconds: 60 }],
  ])('a timestamp %s', (_, override) => {
    expect(verifyTerraSignature({ body, header, secret: SECRET, ...override })).toBe(false);
  });

  it('accepts the tolerance edges', () => {
    for (const now of [T - 300, T + 300])
      expect(verifyTerraSignature({ body, header, secret: SECRET, now })).toBe(true);
  });

  it.each([
    ['a missing header', undefined],
    ['a null header', null],
    ['an empty header', ''],
    ['no t', `v1=${hex}`],
    ['no v1', `t=${T}`],
    ['only another scheme', `t=${T},v0=${hex}`],
    ['two t', `t=${T},t=${T},v1=${hex}`],
    ['a non-numeric t', `t=abc,v1=${hex}`],
    ['a negative t', `t=-${T},v1=${hex}`],
    ['an item without =', `t=${T},v1=${hex},junk`],
    ['a truncated v1', `t=${T},v1=${hex.slice(0, 63)}`],
    ['a non-hex v1', `t=${T},v1=${'z'.repeat(64)}`],
    ['an empty v1', `t=${T},v1=`],
  ])('%s', (_, bad) => {
    expect(verifyTerraSignature({ body, header: bad, secret: SECRET, now: T })).toBe(false);
  });

  it('but ignores other schemes, spaces and order, and accepts any matching v1', () => {
    const junk = 'f'.repeat(64);
    const header2 = `v0=abc, v1=${junk} ,t=${T}, v1=${hex.toUpperCase()}`;
    expect(verifyTerraSignature({ body, header: header2, secret: SECRET, now: T })).toBe(true);
  });
});

describe('properties', () => {
  // No U+FFFD in bodies: a flipped byte that breaks UTF-8 then always decodes to a different string.
  const body = fc.string({ unit: 'binary', minLength: 1, maxLength: 2000 }).filter((s) => !s.includes('\uFFFD'));
  const secret = fc
    .uint8Array({ minLength: 24, maxLength: 64 })
    .map((b) => `whsec_${Buffer.from(b).toString('base64')}`);
  const timestamp = fc.integer({ min: 0, max: 4_102_444_800 });
  const id = fc.stringMatching(/^[\x21-\x7e]{1,64}$/);

  it('sign then verify holds in both schemes; flipping any body byte breaks both', () => {
    fc.assert(
      fc.property(
        body,
        secret,
        timestamp,
        id,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (b, s, t, eventId, at, mask) => {
          const headers = signDelivery({ body: b, secrets: [s], eventId, timestamp: t });
          const header = headers['terra-signature'];
          expect(verifyTerraSignature({ body: b, header, secret: s, now: t })).toBe(true);
          expect(verifyStandard(s, b, headers)).toBe(true);

          const bytes = Buffer.from(b, 'utf8');
          const i = at % bytes.length;
          bytes.writeUInt8((bytes.readUInt8(i) ^ mask) & 0xff, i);
          expect(verifyTerraSignature({ body: bytes, header, secret: s, now: t })).toBe(false);
          expect(verifyStandard(s, bytes, headers)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the Terra signature is exactly the spec HMAC of "t.body"', () => {
    fc.assert(
      fc.property(body, timestamp, (b, t) => {
        const header = signDelivery({ body: b, secrets: [SECRET], eventId: ID, timestamp: t })['terra-signature'];
        const mac = Buffer.from(header.split('v1=')[1] ?? '', 'hex');
        const expected = createHmac('sha256', SECRET).update(`${t}.${b}`).digest();
        expect(mac.length === expected.length && timingSafeEqual(mac, expected)).toBe(true);
      }),
    );
  });
});
