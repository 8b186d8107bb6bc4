import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deliveries } from '@/db/schema';
import { createApiKey } from '../api-keys/create-api-key';
import { startBackfill } from '../backfills/start-backfill';
import type { MemberCtx } from '../context';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { examplePayload } from '../payloads/example-payloads';
import { upsertPayload } from '../payloads/upsert-payload';
import { accountWithOwner, connectionFor, memberWithRole } from './fixtures';

/**
 * An account holding one of everything an id can name: an API key, a webhook and an inbox, a connected
 * user with an activity payload, an event with a failed delivery to each destination, a backfill, a
 * viewer and a CardioMood integration. The isolation tests aim another account's calls at these.
 */
export async function tenantWorld(db: Db, name: string, webhookUrl: string) {
  const { owner, account, email } = await accountWithOwner(db, name);
  await setCardiomoodIntegration({
    ctx: owner,
    input: { enabled: true, clientId: `${name}-client`, clientSecret: `${name}-secret` },
  });
  const key = await createApiKey({ ctx: owner, input: { name: `${name} key` } });
  const webhook = await addDestination({ ctx: owner, input: { kind: 'webhook', url: webhookUrl } });
  const inbox = await addDestination({ ctx: owner, input: { kind: 'inbox' } });
  const user = await connectionFor(owner, { referenceId: `${name}-ref` });
  const activity = examplePayload('activity').payload as { metadata: { start_time: string } };
  const payload = await upsertPayload(owner, {
    userId: user.id,
    type: 'activity',
    naturalKey: `${name}-activity`,
    day: activity.metadata.start_time.slice(0, 10),
    startTime: activity.metadata.start_time,
    payload: activity,
    rawRecordIds: [],
    dropped: {},
  });
  const event = await emitEvent(owner, { type: 'auth', userId: user.id, body: { type: 'auth', status: 'success' } });
  const failed = await db
    .update(deliveries)
    .set({ status: 'dead', createdAt: new Date('2026-01-10T00:00:00Z') })
    .where(and(eq(deliveries.accountId, account.id), eq(deliveries.eventId, event.id)))
    .returning({ id: deliveries.id });
  const delivery = failed[0];
  if (!delivery) throw new Error('the event made no delivery');
  const backfill = await startBackfill({
    ctx: owner,
    input: { userId: user.id, from: '2026-01-01', to: '2026-01-03', dataTypes: ['daily'] },
    now: new Date('2026-03-01T00:00:00Z'),
  });
  const viewer: MemberCtx = await memberWithRole(owner, 'viewer');
  return {
    owner,
    account,
    email,
    key: { id: key.id, key: key.key },
    webhook,
    inbox,
    user,
    payloadId: payload.id,
    deliveryId: delivery.id,
    backfillId: backfill.id,
    viewer,
  };
}

export type TenantWorld = Awaited<ReturnType<typeof tenantWorld>>;
