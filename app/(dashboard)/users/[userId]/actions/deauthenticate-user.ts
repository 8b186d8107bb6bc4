'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { runAction } from '@/app/_server/action';
import { deauthenticateUser } from '@/lib/connections/deauthenticate-user';
import { getUserState } from '@/lib/inspector/user-state';

/** Deauthenticates the user, then goes back to the Users page, which says who was disconnected. */
export async function deauthenticateUserAction(input: { userId: string }) {
  const result = await runAction(async (ctx) => {
    const user = await getUserState({ ctx, input });
    await deauthenticateUser({ ctx, input: { userId: user.userId } });
    return user.referenceId ?? user.userId;
  });
  if (!result.ok) return result;
  revalidatePath('/users');
  redirect(`/users?deauthenticated=${encodeURIComponent(result.data)}`);
}
