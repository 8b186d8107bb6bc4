import { createCipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, encryptedKeyId } from './encryption';
import { keyFromBase64, type Keyring } from './keyring';

const ring = (current: string, ...others: string[]): Keyring => ({
  current: keyFromBase64(current),
  others: others.map((encoded) => keyFromBase64(encoded)),
  source: 'env',
});
const newKey = () => randomBytes(32).toString('base64');

describe('secrets at rest', () => {
  it('round-trip any text, never store it in clear, and differ every time', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (secret) => {
        const stored = encrypt(secret);
        expect(decrypt(stored)).toBe(secret);
        if (secret.length > 3) expect(stored).not.toContain(secret);
        expect(encrypt(secret)).not.toBe(stored);
      }),
    );
  });

  it('refuse a tampered value', () => {
    const stored = encrypt('refresh-token');
    const [v, id, iv, tag, body] = stored.split('.');
    const flipped = `${body?.[0] === 'A' ? 'B' : 'A'}${body?.slice(1)}`;
    expect(() => decrypt([v, id, iv, tag, flipped].join('.'))).toThrow();
    expect(() => decrypt('plain text')).toThrow('not an encrypted value');
  });

  it('name the key that encrypted them, and decrypt only with a keyring holding it', () => {
    const [oldKey, newer] = [newKey(), newKey()];
    const stored = encrypt('client-secret', ring(oldKey));
    expect(encryptedKeyId(stored)).toBe(keyFromBase64(oldKey).id);
    expect(decrypt(stored, ring(newer, oldKey))).toBe('client-secret');
    expect(() => decrypt(stored, ring(newer))).toThrow(/key not held here/);
  });

  it('still read the form without a key id, with any key held', () => {
    const [oldKey, newer] = [newKey(), newKey()];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(oldKey, 'base64'), iv);
    const body = Buffer.concat([cipher.update('legacy', 'utf8'), cipher.final()]);
    const legacy = ['v1', iv, cipher.getAuthTag(), body].map((p) =>
      typeof p === 'string' ? p : p.toString('base64url'),
    );
    expect(decrypt(legacy.join('.'), ring(newer, oldKey))).toBe('legacy');
    expect(encryptedKeyId(legacy.join('.'))).toBeNull();
    expect(() => decrypt(legacy.join('.'), ring(newer))).toThrow(/no key held here/);
  });

  it('refuse a key that is not 32 bytes', () => {
    expect(() => keyFromBase64(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
