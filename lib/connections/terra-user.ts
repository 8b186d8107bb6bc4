import type { connections } from '@/db/schema';
import type { TerraUser } from '../models/terra';

type Connection = typeof connections.$inferSelect;

/** A connection as Terra's `user` object. */
export function terraUser(connection: Connection): TerraUser {
  return {
    user_id: connection.id,
    provider: connection.provider,
    reference_id: connection.referenceId,
    scopes: connection.scopes,
    active: connection.status === 'active',
    created_at: connection.createdAt.toISOString(),
    last_webhook_update: connection.lastWebhookAt?.toISOString() ?? null,
  };
}
