'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { createApiKey } from '@/lib/api-keys/create-api-key';

export async function createApiKeyAction(input: { name: string }) {
  const result = await runAction(async (ctx) => {
    const created = await createApiKey({ ctx, input });
    return { key: created.key, prefix: created.prefix, name: created.name };
  });
  if (result.ok) revalidatePath('/api-keys');
  return result;
}
