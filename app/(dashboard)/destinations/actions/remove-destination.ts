'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { removeDestination } from '@/lib/destinations/remove-destination';

export async function removeDestinationAction(input: { destinationId: string }) {
  const result = await runAction((ctx) => removeDestination({ ctx, input }));
  if (result.ok) revalidatePath('/destinations');
  return result;
}
