import { getServerSession } from 'next-auth';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { memberCtx } from '@/lib/accounts/member-accounts';
import { database } from '@/lib/database';
import { servedOverHttps } from '@/lib/security/headers';
import { authOptions } from './auth-options';

export const accountCookie = 'hb_account';

/** The chosen account's cookie: flagged like the session's (Secure when served over https). */
export function accountCookieOptions() {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: servedOverHttps() } as const;
}

/** The signed-in member's context in their chosen account, once per request; null when signed out. */
export const currentCtx = cache(async () => {
  const session = await getServerSession(authOptions);
  const memberId = (session?.user as { id?: string } | undefined)?.id;
  if (!memberId) return null;
  const chosen = (await cookies()).get(accountCookie)?.value;
  const { db } = await database();
  return memberCtx(db, memberId, chosen);
});

export async function requireCtx() {
  const ctx = await currentCtx();
  if (!ctx) redirect('/sign-in');
  return ctx;
}
