import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptDelivery } from '../delivery/attempt-delivery';
import { loadDeliveries } from '../delivery/load-deliveries';
import { recordAttempts } from '../delivery/record-attempts';
import { addDestination } from '../destinations/add-destination';
import { updateDestination } from '../destinations/update-destination';
import { emitEvent } from '../events/emit-event';
import { startCountingReceiver } from '../testing/counting-receiver';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { claimDueDeliveries } from './due-deliveries';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

describe('claiming due deliveries', () => {
  it('claims a failed delivery again when its retry comes due, not when its claim would lapse', async () => {
    const receiver = await startCountingReceiver();
    await receiver.down(); // every attempt is refused
    const { owner } = await accountWithOwner(database.db);
    const destination = await addDestination({ ctx: owner, input: { kind: 'webhook', url: receiver.url } });
    await updateDestination({ ctx: owner, input: { destinationId: destination.id, retryBaseSeconds: 1 } });
    await emitEvent(owner, { type: 'activity', body: {} });
    const claim = (now: Date) => claimDueDeliveries(database.db, { now, limit: 10, perDestination: 10 });

    const [claimed] = await claim(new Date());
    expect(claimed?.destinationId).toBe(destination.id);
    const [toSend] = await loadDeliveries(database.db, [claimed?.id ?? '']);
    if (!toSend) throw new Error('the claimed delivery did not load');
    const attempt = await attemptDelivery(toSend);
    expect(attempt.status).toBe('retrying');
    await recordAttempts(database.db, [attempt]);

    expect(await claim(new Date(attempt.nextAttemptAt.getTime() - 1))).toEqual([]); // not due yet
    expect(await claim(new Date(attempt.nextAttemptAt.getTime() + 1))).toEqual([claimed]); // due: claimed at once
    await receiver.close();
  });
});
