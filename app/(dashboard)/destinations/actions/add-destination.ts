'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { addDestination } from '@/lib/destinations/add-destination';

export async function addDestinationAction(input: { kind: 'webhook' | 'inbox'; name: string; url?: string }) {
  const result = await runAction(async (ctx) => {
    const added = await addDestination({
      ctx,
      input:
        input.kind === 'webhook'
          ? { kind: 'webhook', name: input.name, url: input.url ?? '' }
          : { kind: 'inbox', name: input.name },
    });
    return { id: added.id, signingSecret: added.signingSecret };
  });
  if (result.ok) revalidatePath('/destinations');
  return result;
}
