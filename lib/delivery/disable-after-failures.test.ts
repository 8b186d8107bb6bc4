import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, destinations } from '@/db/schema';
import { listAuditEntries } from '../audit/list-audit-entries';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { deliverOne } from './deliver';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  database = await createTestDatabase();
});
afterAll(async () => {
  delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
  await database.destroy();
});

describe('a destination failing for days', () => {
  it('is disabled after 5 days without a success, with an audit entry, and its deliveries wait', async () => {
    const { owner } = await accountWithOwner(database.db);
    // Nothing listens on port 9 (discard): every attempt fails to connect.
    const { id } = await addDestination({
      ctx: owner,
      input: { kind: 'webhook', url: 'http://127.0.0.1:9/hook', timeoutSeconds: 1 },
    });
    await emitEvent(owner, { type: 'auth', body: { type: 'auth' } });
    const [delivery] = await database.db.select().from(deliveries).where(eq(deliveries.destinationId, id));
    await database.db
      .update(destinations)
      .set({ failingSince: new Date(Date.now() - 4 * 86_400_000) })
      .where(eq(destinations.id, id));
    expect((await deliverOne(database.db, delivery?.id as string)).status).toBe('retrying');
    expect((await database.db.select().from(destinations).where(eq(destinations.id, id)))[0]?.status).toBe('enabled');

    await database.db
      .update(destinations)
      .set({ failingSince: new Date(Date.now() - 6 * 86_400_000) })
      .where(eq(destinations.id, id));
    expect((await deliverOne(database.db, delivery?.id as string)).status).toBe('retrying');
    const [row] = await database.db.select().from(destinations).where(eq(destinations.id, id));
    expect(row).toMatchObject({ status: 'disabled', disabledReason: 'No successful delivery for 5 days.' });
    expect((await listAuditEntries({ ctx: owner })).map((e) => e.action)).toContain('destination.disabled');
    expect(await deliverOne(database.db, delivery?.id as string)).toEqual({ status: 'skipped' });
  });
});
