import { eq, inArray, sql } from 'drizzle-orm';
import { loginAttempts } from '@/db/schema';
import type { Db } from '@/db/client';

// Failures allowed per window before the key is locked for one window.
const windowMs = 15 * 60_000;
const limits = { email: 5, ip: 30 } as const;

export type ThrottleKey = `email:${string}` | `ip:${string}`;

export function throttleKeys(email: string, ip: string | undefined): ThrottleKey[] {
  const keys: ThrottleKey[] = [`email:${email.trim().toLowerCase()}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}

/** Seconds until the latest lock on any of the keys lifts, or 0 when none is locked. */
export async function lockedFor(db: Db, keys: ThrottleKey[], now = new Date()): Promise<number> {
  const rows = await db.select().from(loginAttempts).where(inArray(loginAttempts.key, keys));
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

export async function recordFailure(db: Db, keys: ThrottleKey[], now = new Date()): Promise<void> {
  for (const key of keys) {
    const limit = key.startsWith('email:') ? limits.email : limits.ip;
    const windowStart = new Date(now.getTime() - windowMs);
    const lockUntil = new Date(now.getTime() + windowMs);
    // One statement, so that concurrent failures all count.
    await db
      .insert(loginAttempts)
      .values({ key, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: loginAttempts.key,
        set: {
          failures: sql`case when ${loginAttempts.windowStartedAt} < ${windowStart} then 1 else ${loginAttempts.failures} + 1 end`,
          windowStartedAt: sql`case when ${loginAttempts.windowStartedAt} < ${windowStart} then ${now} else ${loginAttempts.windowStartedAt} end`,
          lockedUntil: sql`case when ${loginAttempts.windowStartedAt} >= ${windowStart} and ${loginAttempts.failures} + 1 >= ${limit} then ${lockUntil} else ${loginAttempts.lockedUntil} end`,
        },
      });
  }
}

export async function clearFailures(db: Db, key: ThrottleKey): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}
