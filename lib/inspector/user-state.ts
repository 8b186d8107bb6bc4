import { and, count, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries, events, payloads } from '@/db/schema';
import { authorize } from '../auth/roles';
import { isAuthenticated } from '../connections/user-info';
import type { Ctx } from '../context';
import type { PayloadType } from '../payloads/upsert-payload';
import { parseInput } from '../validation';
import { inspectedConnection, UserId } from './inspected-connection';

const Input = z.object({ userId: UserId });

/**
 * One user's identity and connection state for the inspector: never the tokens, only when they expire;
 * how many payloads of each type are held, and how many of their deliveries are failing.
 */
export async function getUserState({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { userId } = parseInput(Input, input);
  const connection = await inspectedConnection(ctx, userId);
  const [counted, [failing]] = await Promise.all([
    ctx.db
      .select({ type: payloads.type, n: count() })
      .from(payloads)
      .where(and(eq(payloads.accountId, ctx.account.id), eq(payloads.userId, connection.id)))
      .groupBy(payloads.type),
    ctx.db
      .select({ n: count() })
      .from(deliveries)
      .innerJoin(events, eq(events.id, deliveries.eventId))
      .where(
        and(
          eq(deliveries.accountId, ctx.account.id),
          eq(events.userId, connection.id),
          inArray(deliveries.status, ['retrying', 'dead']),
        ),
      ),
  ]);
  const payloadCounts: Record<PayloadType, number> = { activity: 0, body: 0, daily: 0, sleep: 0, athlete: 0 };
  for (const row of counted) payloadCounts[row.type] = row.n;
  return {
    userId: connection.id,
    referenceId: connection.referenceId,
    provider: connection.provider,
    status: connection.status,
    isAuthenticated: isAuthenticated(connection),
    scopes: connection.scopes,
    createdAt: connection.createdAt,
    tokenExpiresAt: connection.tokenExpiresAt,
    lastPollAt: connection.lastPollAt,
    nextPollAt: connection.nextPollAt,
    lastDataAt: connection.lastDataAt,
    lastWebhookAt: connection.lastWebhookAt,
    lastError: connection.lastError,
    payloadCounts,
    failingDeliveries: failing?.n ?? 0,
  };
}

export type UserState = Awaited<ReturnType<typeof getUserState>>;
