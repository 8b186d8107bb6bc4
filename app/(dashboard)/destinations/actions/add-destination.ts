'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { addDestination } from '@/lib/destinations/add-destination';

export async function addDestinationAction(input: {
  kind: string;
  name: string;
  payloadFormat?: string;
  url?: string;
  settings?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
}) {
  const result = await runAction(async (ctx) => {
    const added = await addDestination({ ctx, input: input as Parameters<typeof addDestination>[0]['input'] });
    return { id: added.id, signingSecret: added.signingSecret };
  });
  if (result.ok) revalidatePath('/destinations');
  return result;
}
