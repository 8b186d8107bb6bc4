'use server';

import { runAction } from '@/app/_server/action';
import { rotateSigningSecret } from '@/lib/destinations/rotate-signing-secret';

export async function rotateSigningSecretAction(input: { destinationId: string }) {
  return runAction((ctx) => rotateSigningSecret({ ctx, input }));
}
