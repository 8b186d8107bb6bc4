import { desc, eq, sql } from 'drizzle-orm';
import { deliveries, deliveryAttempts, destinations } from '@/db/schema';
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
  const health = await attemptHealth(ctx);
  return rows.map(({ destination, ...counts }) => ({
    id: destination.id,
    kind: destination.kind,
    name: destination.name,
    url: destinationUrl(destination),
    status: destination.status,
    disabledReason: destination.disabledReason,
    eventTypes: destination.eventTypes,
    payloadFormat: destination.payloadFormat,
    timeoutSeconds: destination.timeoutSeconds,
    maxRetries: destination.maxRetries,
    lastSuccessAt: destination.lastSuccessAt,
    failingSince: destination.failingSince,
    ...counts,
    successRate: counts.total ? counts.delivered / counts.total : null,
    p50Ms: health.get(destination.id)?.p50 ?? null,
    p95Ms: health.get(destination.id)?.p95 ?? null,
    lastError: health.get(destination.id)?.lastError ?? null,
  }));
}

/** Per destination over the last 7 days: attempt latency percentiles and the latest failed attempt's error. */
async function attemptHealth(ctx: Ctx) {
  const result = await ctx.db.execute<{
    destination_id: string;
    p50: number | null;
    p95: number | null;
    last_error: string | null;
  }>(sql`
    select d.destination_id,
           percentile_cont(0.5) within group (order by a.duration_ms) as p50,
           percentile_cont(0.95) within group (order by a.duration_ms) as p95,
           (array_agg(coalesce(a.error, 'HTTP ' || a.status_code) order by a.started_at desc)
              filter (where a.error is not null or a.status_code not between 200 and 299))[1] as last_error
    from ${deliveryAttempts} a join ${deliveries} d on d.id = a.delivery_id
    where a.account_id = ${ctx.account.id} and a.started_at > now() - interval '7 days'
    group by d.destination_id`);
  const rows = ((result as unknown as { rows?: unknown[] }).rows ?? result) as Array<{
    destination_id: string;
    p50: number | null;
    p95: number | null;
    last_error: string | null;
  }>;
  return new Map(
    rows.map((r) => [
      r.destination_id,
      {
        p50: r.p50 === null ? null : Math.round(Number(r.p50)),
        p95: r.p95 === null ? null : Math.round(Number(r.p95)),
        lastError: r.last_error,
      },
    ]),
  );
}
