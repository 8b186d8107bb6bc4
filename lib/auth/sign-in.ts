import { eq, sql } from 'drizzle-orm';
import { members } from '@/db/schema';
import type { Db } from '@/db/client';
import { RateLimited, Unauthorized } from '../errors';
import { clearAttempts, countAttempt, forgive, throttleKeys } from './login-throttle';
import { decoyHash, verifyPassword } from './passwords';

export const wrongCredentials = 'Email or password is incorrect.';

/**
 * Checks an email and password. Every failure reads the same whether or not the email exists,
 * and costs the same time; more than 5 attempts for an email, or 30 from an address, in
 * 15 minutes lock it for 15 minutes.
 */
export async function verifySignIn(
  db: Db,
  input: { email: string; password: string; ip?: string },
): Promise<{ memberId: string; email: string }> {
  const email = String(input.email ?? '')
    .trim()
    .toLowerCase();
  const password = String(input.password ?? '');
  const keys = throttleKeys(email, input.ip);
  const wait = await countAttempt(db, keys);
  if (wait > 0) {
    throw RateLimited(`Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`, wait);
  }
  const [member] =
    email && email.length <= 320
      ? await db
          .select({ id: members.id, email: members.email, passwordHash: members.passwordHash })
          .from(members)
          .where(eq(sql`lower(${members.email})`, email))
      : [];
  const ok = await verifyPassword(password, member?.passwordHash ?? (await decoyHash()));
  if (!member || !ok) throw Unauthorized(wrongCredentials);
  const [emailKey, ipKey] = keys;
  if (emailKey) await clearAttempts(db, emailKey);
  if (ipKey) await forgive(db, ipKey);
  return { memberId: member.id, email: member.email };
}
