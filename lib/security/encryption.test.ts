import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt } from './encryption';

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
    const [v, iv, tag, body] = stored.split('.');
    const flipped = `${body?.[0] === 'A' ? 'B' : 'A'}${body?.slice(1)}`;
    expect(() => decrypt([v, iv, tag, flipped].join('.'))).toThrow();
    expect(() => decrypt('plain text')).toThrow('not an encrypted value');
  });
});
