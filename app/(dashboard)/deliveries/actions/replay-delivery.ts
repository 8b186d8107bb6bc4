'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { replayDelivery } from '@/lib/delivery/replay-delivery';

export async function replayDeliveryAction(input: { deliveryId: string }) {
  const result = await runAction(async (ctx) => {
    await replayDelivery({ ctx, input });
    return null;
  });
  if (result.ok) revalidatePath('/deliveries');
  return result;
}
