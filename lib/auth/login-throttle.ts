import { eq, sql } from 'drizzle-orm';
import { loginAttempts } from '@/db/schema';
import type { Db } from '@/db/client';

// Attempts allowed per window before the key is locked for one window.
const windowMs = 15 * 60_000;
const limits = { email: 5, ip: 30 } as const;

export type ThrottleKey = `email:${string}` | `ip:${string}`;

export function throttleKeys(email: string, ip: string | undefined): ThrottleKey[] {
  const keys: ThrottleKey[] = [`email:${email.trim().toLowerCase()}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}

/**
 * Counts an attempt against every key before the password is checked, in one statement per key,
 * so that simultaneous attempts cannot all slip under the limit. Returns the seconds to wait
 * when any key is over its limit, else 0. A success gives the attempt back (see `forgive`).
 */
export async function countAttempt(db: Db, keys: ThrottleKey[], now = new Date()): Promise<number> {
  let wait = 0;
  for (const key of keys) {
    const limit = key.startsWith('email:') ? limits.email : limits.ip;
    const fresh = sql`${loginAttempts.windowStartedAt} < ${new Date(now.getTime() - windowMs)} and coalesce(${loginAttempts.lockedUntil} < ${now}, true)`;
    const [row] = await db
      .insert(loginAttempts)
      .values({ key, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: loginAttempts.key,
        set: {
          failures: sql`case when ${fresh} then 1 else ${loginAttempts.failures} + 1 end`,
          windowStartedAt: sql`case when ${fresh} then ${now} else ${loginAttempts.windowStartedAt} end`,
          lockedUntil: sql`case when not (${fresh}) and ${loginAttempts.failures} + 1 > ${limit} and coalesce(${loginAttempts.lockedUntil} < ${now}, true) then ${new Date(now.getTime() + windowMs)} else ${loginAttempts.lockedUntil} end`,
        },
      })
      .returning({ failures: loginAttempts.failures, lockedUntil: loginAttempts.lockedUntil });
    const until = row?.lockedUntil?.getTime() ?? 0;
    if (until > now.getTime()) wait = Math.max(wait, Math.ceil((until - now.getTime()) / 1000));
  }
  return wait;
}

/** Takes back the attempt a successful sign-in counted, so that success never uses up the allowance. */
export async function forgive(db: Db, key: ThrottleKey): Promise<void> {
  await db
    .update(loginAttempts)
    .set({ failures: sql`greatest(${loginAttempts.failures} - 1, 0)` })
    .where(eq(loginAttempts.key, key));
}

export async function clearAttempts(db: Db, key: ThrottleKey): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}
