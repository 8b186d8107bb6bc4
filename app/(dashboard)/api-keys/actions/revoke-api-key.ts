'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';

export async function revokeApiKeyAction(input: { keyId: string }) {
  const result = await runAction(async (ctx) => {
    await revokeApiKey({ ctx, input });
    return null;
  });
  if (result.ok) revalidatePath('/api-keys');
  return result;
}
