'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { setDestinationStatus } from '@/lib/destinations/set-destination-status';

export async function setDestinationStatusAction(input: { destinationId: string; enabled: boolean }) {
  const result = await runAction((ctx) => setDestinationStatus({ ctx, input }));
  if (result.ok) revalidatePath('/destinations');
  return result;
}
