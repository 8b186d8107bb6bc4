import { createHmac, timingSafeEqual } from 'node:crypto';
import { Invalid } from '../errors';
import { standardWebhooksKey } from './signing-secret';

export { generateSigningSecret, isSigningSecret } from './signing-secret';

// Every delivery carries two signatures over the same bytes, so both kinds of receiver accept it:
// Terra's `terra-signature` (hex HMAC of "t.body") and Standard Webhooks (base64 HMAC of "id.t.body").

export interface DeliverySignatureHeaders {
  'terra-signature': string;
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export interface SignDeliveryInput {
  /** The exact string that will be POSTed; it is signed as its UTF-8 bytes. */
  body: string;
  /** Active secrets, current first; two during a rotation overlap. Each yields one signature. */
  secrets: readonly string[];
  /** Stable across retries so receivers can deduplicate. */
  eventId: string;
  /** Unix seconds of this attempt. */
  timestamp: number;
}

// Header values must not carry spaces, commas or control characters; ids are printable ASCII.
const EVENT_ID = /^[\x21-\x7e]{1,256}$/;

/** Signs one delivery attempt; pure: the caller supplies the clock and the secrets. */
export function signDelivery({ body, secrets, eventId, timestamp }: SignDeliveryInput): DeliverySignatureHeaders {
  if (secrets.length === 0) throw Invalid('at least one signing secret is required');
  if (!EVENT_ID.test(eventId)) throw Invalid('event id must be 1–256 printable ASCII characters without spaces');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw Invalid('timestamp must be whole unix seconds');

  const unique = [...new Set(secrets)];
  const terra = unique.map((secret) => `v1=${terraHmac(secret, timestamp, body).toString('hex')}`);
  const standard = unique.map((secret) => {
    const mac = createHmac('sha256', standardWebhooksKey(secret)).update(`${eventId}.${timestamp}.${body}`, 'utf8');
    return `v1,${mac.digest('base64')}`;
  });
  return {
    'terra-signature': [`t=${timestamp}`, ...terra].join(','),
    'webhook-id': eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standard.join(' '),
  };
}

// Terra's key is the secret string itself (its UTF-8 bytes), `whsec_` prefix included: that is
// what a Terra developer's existing code passes to createHmac after pasting it from our dashboard.
function terraHmac(secret: string, timestamp: number | string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest();
}

export interface VerifyTerraSignatureInput {
  /** The raw request body, exactly as received. */
  body: string | Uint8Array;
  /** The `terra-signature` header value; a missing header never verifies. */
  header: string | null | undefined;
  secret: string;
  toleranceSeconds?: number;
  /** Unix seconds; passed in so the function stays pure. */
  now: number;
}

const TIMESTAMP = /^\d{1,15}$/;
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** Terra's receiver check: any `v1=` matching HMAC("t.body"), with |now − t| within tolerance. */
export function verifyTerraSignature({
  body,
  header,
  secret,
  toleranceSeconds = 300,
  now,
}: VerifyTerraSignatureInput): boolean {
  const parsed = parseTerraSignature(header);
  if (!parsed) return false;
  if (!Number.isFinite(now) || !(toleranceSeconds >= 0)) return false;
  if (Math.abs(now - Number(parsed.t)) > toleranceSeconds) return false;

  // Hash the header's own `t` text, as the spec says: "t" + "." + raw body.
  const expected = terraHmac(secret, parsed.t, body);
  return parsed.v1.some((hex) => HEX_SHA256.test(hex) && timingSafeEqual(Buffer.from(hex, 'hex'), expected));
}

// `t=<digits>` exactly once, then any number of `scheme=value`; schemes other than v1 are ignored.
function parseTerraSignature(header: string | null | undefined): { t: string; v1: string[] } | undefined {
  if (!header) return undefined;
  let t: string | undefined;
  const v1: string[] = [];
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) return undefined;
    const scheme = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (scheme === 't') {
      if (t !== undefined || !TIMESTAMP.test(value)) return undefined;
      t = value;
    } else if (scheme === 'v1') {
      v1.push(value);
    }
  }
  if (t === undefined || v1.length === 0) return undefined;
  return { t, v1 };
}
