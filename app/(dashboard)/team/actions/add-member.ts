'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { addMember } from '@/lib/members/add-member';

export async function addMemberAction(input: { email: string; role: string; initialPassword?: string }) {
  const result = await runAction(async (ctx) => {
    const added = await addMember({ ctx, input: input as Parameters<typeof addMember>[0]['input'] });
    return { email: added.email, existingMember: added.existingMember };
  });
  if (result.ok) revalidatePath('/team');
  return result;
}
