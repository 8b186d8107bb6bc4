'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/app/_server/action';
import { setCardiomoodIntegration } from '@/lib/integrations/set-integration';

export async function saveCardiomoodAction(input: {
  enabled: boolean;
  clientId: string;
  clientSecret: string;
  apiBaseUrl: string;
  authBaseUrl: string;
  pollIntervalMinutes: number;
  lookbackDays: number;
  rateLimitPerMinute: number;
  appSchemes: string[];
}) {
  const result = await runAction(async (ctx) => {
    await setCardiomoodIntegration({ ctx, input });
    return null;
  });
  if (result.ok) revalidatePath('/integrations');
  return result;
}
