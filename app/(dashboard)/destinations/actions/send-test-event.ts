'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { sendTestEvent } from '@/lib/destinations/send-test-event';

export async function sendTestEventAction(input: { destinationId: string }) {
  const result = await runAction((ctx) => sendTestEvent({ ctx, input }));
  if (result.ok) revalidatePath('/destinations');
  return result;
}
