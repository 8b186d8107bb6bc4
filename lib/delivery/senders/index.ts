import type { destinationKinds } from '@/db/schema';
import type { Sender } from './sender';
import { webhookSender } from './webhook';

/** The sender of each destination kind. */
export const senders: Record<(typeof destinationKinds)[number], Sender> = {
  webhook: webhookSender,
  inbox: webhookSender,
};
