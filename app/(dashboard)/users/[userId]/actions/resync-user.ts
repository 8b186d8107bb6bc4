'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { resyncConnection } from '@/lib/connections/resync-connection';

export async function resyncUserAction(input: { userId: string }) {
  const result = await runAction((ctx) => resyncConnection({ ctx, input }));
  if (result.ok) revalidatePath(`/users/${result.data.userId}`);
  return result;
}
