'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { removeMember } from '@/lib/members/remove-member';

export async function removeMemberAction(input: { memberId: string }) {
  const result = await runAction(async (ctx) => {
    await removeMember({ ctx, input });
    return null;
  });
  if (result.ok) revalidatePath('/team');
  return result;
}
