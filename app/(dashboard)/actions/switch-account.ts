'use server';

import { cookies } from 'next/headers';
import { runAction } from '@/app/_server/action';
import { accountCookie, accountCookieOptions } from '@/app/_server/session';
import { chooseAccount } from '@/lib/accounts/choose-account';

export async function switchAccount(accountId: string) {
  return runAction(async (ctx) => {
    const target = await chooseAccount({ ctx, input: { accountId } });
    (await cookies()).set(accountCookie, target.accountId, accountCookieOptions());
    return { accountId: target.accountId };
  });
}
