'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { changeMemberRole } from '@/lib/members/change-member-role';

export async function changeMemberRoleAction(input: { memberId: string; role: string }) {
  const result = await runAction(async (ctx) => {
    await changeMemberRole({ ctx, input: input as Parameters<typeof changeMemberRole>[0]['input'] });
    return null;
  });
  if (result.ok) revalidatePath('/team');
  return result;
}
