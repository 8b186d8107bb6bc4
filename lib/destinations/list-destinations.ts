import { desc, eq, sql } from 'drizzle-orm';
import { deliveries, destinations } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { destinationUrl } from './destination-url';

/** The account's destinations with their health: deliveries, success rate, failing and dead counts. */
export async function listDestinations({ ctx }: { ctx: Ctx }) {
  authorize(ctx, 'account.read');
  const rows = await ctx.db
    .select({
      destination: destinations,
      total: sql<number>`count(${deliveries.id})`.mapWith(Number),
      delivered: sql<number>`count(${deliveries.id}) filter (where ${deliveries.status} = 'delivered')`.mapWith(Number),
      retrying: sql<number>`count(${deliveries.id}) filter (where ${deliveries.status} = 'retrying')`.mapWith(Number),
      dead: sql<number>`count(${deliveries.id}) filter (where ${deliveries.status} = 'dead')`.mapWith(Number),
    })
    .from(destinations)
    .leftJoin(deliveries, eq(deliveries.destinationId, destinations.id))
    .where(eq(destinations.accountId, ctx.account.id))
    .groupBy(destinations.id)
    .orderBy(desc(destinations.createdAt));
  return rows.map(({ destination, ...counts }) => ({
    id: destination.id,
    kind: destination.kind,
    name: destination.name,
    url: destinationUrl(destination),
    status: destination.status,
    disabledReason: destination.disabledReason,
    eventTypes: destination.eventTypes,
    lastSuccessAt: destination.lastSuccessAt,
    failingSince: destination.failingSince,
    ...counts,
  }));
}
