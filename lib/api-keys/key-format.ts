import { createHash, randomBytes } from 'node:crypto';

/** `hb_` and 40 random base64url characters (240 bits); the first 11 characters are its visible prefix. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `hb_${randomBytes(30).toString('base64url')}`;
  return { key, prefix: key.slice(0, 11), hash: hashApiKey(key) };
}

/** Keys are long random strings, so one SHA-256 is enough to store them safely. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
