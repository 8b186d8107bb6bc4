'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { startBackfill } from '@/lib/backfills/start-backfill';

export async function startBackfillAction(input: {
  userId?: string;
  allUsers: boolean;
  from: string;
  to: string;
  dataTypes: string[];
}) {
  const result = await runAction(async (ctx) => {
    const { id, partsTotal } = await startBackfill({
      ctx,
      input: input as Parameters<typeof startBackfill>[0]['input'],
    });
    return { id, partsTotal };
  });
  if (result.ok) revalidatePath('/backfills');
  return result;
}
