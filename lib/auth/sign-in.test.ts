import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAttempts } from '@/db/schema';
import { accountWithOwner, testPassword } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { verifySignIn, wrongCredentials } from './sign-in';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

async function attempt(email: string, password: string, ip = '10.0.0.1') {
  try {
    return await verifySignIn(database.db, { email, password, ip });
  } catch (error) {
    return error as Error;
  }
}

describe('sign-in', () => {
  it('accepts the right password, case-insensitively on the email', async () => {
    const { email } = await accountWithOwner(database.db);
    const result = await attempt(email.toUpperCase(), testPassword);
    expect(result).toMatchObject({ email });
  });

  it('says the same thing for a wrong password and an unknown email', async () => {
    const { email } = await accountWithOwner(database.db);
    const wrong = await attempt(email, 'not-the-password', '10.0.0.2');
    const unknown = await attempt('nobody@example.test', testPassword, '10.0.0.2');
    expect((wrong as Error).message).toBe(wrongCredentials);
    expect((unknown as Error).message).toBe(wrongCredentials);
  });

  it('locks an email after 5 failures, even for the right password, and other emails stay open', async () => {
    const { email } = await accountWithOwner(database.db);
    const other = await accountWithOwner(database.db);
    for (let i = 0; i < 5; i++) await attempt(email, 'wrong-password', `10.1.0.${i}`);
    const locked = await attempt(email, testPassword, '10.1.1.1');
    expect((locked as Error).message).toMatch(/Too many failed sign-ins/);
    expect(await attempt(other.email, testPassword, '10.1.1.1')).toMatchObject({ email: other.email });
  });

  it('opens again once the 15-minute lock has passed, with a fresh allowance', async () => {
    const { email } = await accountWithOwner(database.db);
    for (let i = 0; i < 6; i++) await attempt(email, 'wrong-password', `10.3.0.${i}`);
    const locked = (await attempt(email, testPassword, '10.3.1.1')) as Error;
    expect(locked.message).toBe('Too many failed sign-ins. Try again in 15 minute(s).');
    // The clock moves on 16 minutes: the window and the lock both lie in the past.
    const past = new Date(Date.now() - 16 * 60_000);
    await database.db
      .update(loginAttempts)
      .set({ windowStartedAt: past, lockedUntil: past })
      .where(eq(loginAttempts.key, `email:${email}`));
    expect(await attempt(email, testPassword, '10.3.1.1')).toMatchObject({ email });
    for (let i = 0; i < 5; i++) await attempt(email, 'wrong-password', `10.3.2.${i}`);
    expect(((await attempt(email, testPassword, '10.3.3.1')) as Error).message).toMatch(/Too many/);
  });

  it('locks a client address after 30 failures across emails', async () => {
    const { email } = await accountWithOwner(database.db);
    for (let i = 0; i < 30; i++) await attempt(`guess${i}@example.test`, 'wrong-password', '10.9.9.9');
    expect(((await attempt(email, testPassword, '10.9.9.9')) as Error).message).toMatch(/Too many/);
    expect(await attempt(email, testPassword, '10.9.9.8')).toMatchObject({ email });
  });
});

describe('sign-in under simultaneous attempts', () => {
  it('lets no more than 5 attempts for one email through, however many arrive at once', async () => {
    const { email } = await accountWithOwner(database.db);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => attempt(email, i === 11 ? testPassword : 'wrong-password', `10.2.0.${i}`)),
    );
    const refused = results.filter((r) => r instanceof Error && /Too many/.test(r.message));
    const tried = results.filter((r) => !(r instanceof Error && /Too many/.test(r.message)));
    expect(tried.length).toBeLessThanOrEqual(5);
    expect(refused.length).toBeGreaterThanOrEqual(7);
  });
});
