'use server';

import { runAction } from '@/app/_server/action';
import { testCardiomoodIntegration } from '@/lib/integrations/test-integration';

export async function testCardiomoodAction() {
  return runAction((ctx) => testCardiomoodIntegration({ ctx }));
}
