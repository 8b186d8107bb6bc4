import { randomBytes } from 'node:crypto';
import { Invalid } from '../errors';

// Standard Webhooks secret format: `whsec_` + standard base64 of the key bytes. Verifiers
// (the `standardwebhooks` package, Svix) strip the prefix and base64-decode the rest.
export const SIGNING_SECRET_PREFIX = 'whsec_';

// 32 bytes: an HMAC-SHA256 key as long as its output (RFC 2104); the spec allows 24 to 64.
const SECRET_BYTES = 32;
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

// Strict, padded standard base64: Buffer.from(…, 'base64') would silently skip stray characters.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A new endpoint signing secret, e.g. `whsec_q0Z3…=`; shown once to the developer. */
export function generateSigningSecret(): string {
  return `${SIGNING_SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** The HMAC key Standard Webhooks uses: the base64-decoded part after `whsec_`. */
export function standardWebhooksKey(secret: string): Buffer {
  if (!secret.startsWith(SIGNING_SECRET_PREFIX)) throw Invalid('signing secret must start with whsec_');
  const encoded = secret.slice(SIGNING_SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) throw Invalid('signing secret is not valid base64 after whsec_');
  const key = Buffer.from(encoded, 'base64');
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    throw Invalid(`signing secret must decode to ${MIN_KEY_BYTES}–${MAX_KEY_BYTES} bytes`, { bytes: key.length });
  }
  return key;
}

/** True when `secret` is a well-formed `whsec_` secret that both schemes can sign with. */
export function isSigningSecret(secret: string): boolean {
  try {
    standardWebhooksKey(secret);
    return true;
  } catch {
    return false;
  }
}
