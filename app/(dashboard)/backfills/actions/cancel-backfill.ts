'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { cancelBackfill } from '@/lib/backfills/cancel-backfill';

export async function cancelBackfillAction(input: { backfillId: string }) {
  const result = await runAction((ctx) => cancelBackfill({ ctx, input }));
  if (result.ok) revalidatePath('/backfills');
  return result;
}
