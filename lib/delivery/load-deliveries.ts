import { eq, inArray } from 'drizzle-orm';
import { accounts, deliveries, destinations, events } from '@/db/schema';
import type { Db } from '@/db/client';

/** A delivery with everything one attempt needs: its event, its destination and its account. */
export interface DeliveryToSend {
  delivery: typeof deliveries.$inferSelect;
  event: typeof events.$inferSelect;
  destination: typeof destinations.$inferSelect;
  account: { id: string; devId: string; name: string };
}

/** One query for a whole batch (the dispatcher's) or for one delivery (`deliverOne`). */
export async function loadDeliveries(db: Db, ids: string[]): Promise<DeliveryToSend[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      delivery: deliveries,
      event: events,
      destination: destinations,
      account: { id: accounts.id, devId: accounts.devId, name: accounts.name },
    })
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .innerJoin(destinations, eq(destinations.id, deliveries.destinationId))
    .innerJoin(accounts, eq(accounts.id, deliveries.accountId))
    .where(inArray(deliveries.id, ids));
}
