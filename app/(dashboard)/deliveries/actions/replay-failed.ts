'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { replayFailed } from '@/lib/delivery/replay-failed';

export async function replayFailedAction(input: { from: string; to: string; destinationId?: string }) {
  const result = await runAction((ctx) => replayFailed({ ctx, input }));
  if (result.ok) revalidatePath('/deliveries');
  return result;
}
