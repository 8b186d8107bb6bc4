import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';

describe('password hashing', () => {
  it('verifies the password it hashed and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        async (password, other) => {
          const stored = await hashPassword(password);
          expect(stored.startsWith('scrypt$')).toBe(true);
          expect(stored).not.toContain(password.length > 3 ? password : '\u0000');
          expect(await verifyPassword(password, stored)).toBe(true);
          if (other.normalize('NFKC') !== password.normalize('NFKC'))
            expect(await verifyPassword(other, stored)).toBe(false);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toEqual(await hashPassword('same password'));
  });

  it('refuses malformed stored hashes', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$$$')).toBe(false);
  });
});
