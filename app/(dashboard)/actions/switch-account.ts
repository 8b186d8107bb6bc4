'use server';

import { cookies } from 'next/headers';
import { runAction } from '@/app/_server/action';
import { accountCookie } from '@/app/_server/session';
import { NotFound } from '@/lib/errors';

export async function switchAccount(accountId: string) {
  return runAction(async (ctx) => {
    const target = ctx.accounts.find((account) => account.id === accountId);
    if (!target) throw NotFound('You are not a member of that account.');
    (await cookies()).set(accountCookie, target.id, { httpOnly: true, sameSite: 'lax', path: '/' });
    return { accountId: target.id };
  });
}
