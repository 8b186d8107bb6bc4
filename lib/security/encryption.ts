import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type Key, type Keyring, keyring } from './keyring';

// AES-256-GCM. Stored form: `v2.<key id>.<iv>.<tag>.<ciphertext>`, base64url, so a value says which
// key encrypted it and a rotation can pick up where it stopped. `v1.<iv>.<tag>.<ciphertext>`
// (before key ids) is still read, trying every key held.

/** Encrypts a secret for storage with the current key. */
export function encrypt(plaintext: string, ring: Keyring = keyring()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.bytes, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v2', ring.current.id, ...[iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'))].join(
    '.',
  );
}

/** Decrypts what `encrypt` stored; throws when the value was tampered with or no key held fits. */
export function decrypt(stored: string, ring: Keyring = keyring()): string {
  const parts = stored.split('.');
  const keys = [ring.current, ...ring.others];
  if (parts[0] === 'v2' && parts.length === 5) {
    const [, id, iv, tag, body] = parts as [string, string, string, string, string];
    const key = keys.find((k) => k.id === id);
    if (!key) throw new Error(`encrypted with a key not held here (key id ${id})`);
    return open(key, iv, tag, body);
  }
  if (parts[0] === 'v1' && parts.length === 4) {
    const [, iv, tag, body] = parts as [string, string, string, string];
    for (const key of keys) {
      try {
        return open(key, iv, tag, body);
      } catch {}
    }
    throw new Error('no key held here decrypts this value');
  }
  throw new Error('not an encrypted value');
}

/** The id of the key that encrypted a stored value; null for the older form that names none. */
export function encryptedKeyId(stored: string): string | null {
  const parts = stored.split('.');
  return parts[0] === 'v2' && parts.length === 5 ? (parts[1] ?? null) : null;
}

function open(key: Key, iv: string, tag: string, body: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
