import type { destinationKinds } from '@/db/schema';
import { azureSender, s3Sender } from './object-storage';
import { natsSender, rabbitmqSender } from './queues';
import type { Sender } from './sender';
import { mysqlSender, postgresSender } from './sql';
import { webhookSender } from './webhook';

/** The sender of each destination kind. */
export const senders: Record<(typeof destinationKinds)[number], Sender> = {
  webhook: webhookSender,
  inbox: webhookSender,
  postgres: postgresSender,
  mysql: mysqlSender,
  s3: s3Sender,
  azure_blob: azureSender,
  rabbitmq: rabbitmqSender,
  nats: natsSender,
};
