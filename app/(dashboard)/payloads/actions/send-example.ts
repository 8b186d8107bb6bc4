'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { sendExamplePayload } from '@/lib/payloads/send-example-payload';

export async function sendExampleAction(input: { type: string }) {
  const result = await runAction((ctx) =>
    sendExamplePayload({ ctx, input: input as Parameters<typeof sendExamplePayload>[0]['input'] }),
  );
  if (result.ok) revalidatePath('/deliveries');
  return result;
}
