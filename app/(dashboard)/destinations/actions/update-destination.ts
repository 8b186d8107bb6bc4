'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { updateDestination } from '@/lib/destinations/update-destination';

export async function updateDestinationAction(input: {
  destinationId: string;
  name: string;
  url?: string;
  eventTypes: string[];
  payloadFormat?: 'terra' | 'fhir';
  timeoutSeconds: number;
  maxRetries: number;
}) {
  const result = await runAction((ctx) => updateDestination({ ctx, input }));
  if (result.ok) revalidatePath('/destinations');
  return result;
}
