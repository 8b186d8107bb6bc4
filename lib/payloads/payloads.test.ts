import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountWithOwner, connectionFor } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { payloadWithRaw } from './payload-with-raw';
import { storeRawRecord } from './store-raw-record';
import { upsertPayload } from './upsert-payload';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

const body = '{"data":[{"date":"2024-01-01","activity":{"total_steps":  10}}]}';

describe('raw records and payloads', () => {
  it('keep the raw answer verbatim, recognize an unchanged one, and serve the two side by side', async () => {
    const { owner } = await accountWithOwner(database.db);
    const userId = (await connectionFor(owner)).id;
    const raw = { userId, source: 'user-summaries', day: '2024-01-01', body };
    const first = await storeRawRecord(owner, raw);
    expect(first.changed).toBe(true);
    expect(await storeRawRecord(owner, raw)).toEqual({ id: first.id, changed: false });

    const payload = {
      userId,
      type: 'daily' as const,
      naturalKey: '2024-01-01',
      day: '2024-01-01',
      startTime: '2024-01-01T00:00:00.000000+01:00',
      payload: { metadata: { upload_type: 1 } },
      rawRecordIds: [first.id],
      dropped: {},
    };
    const stored = await upsertPayload(owner, payload);
    expect(stored.changed).toBe(true);
    expect(await upsertPayload(owner, payload)).toEqual({ id: stored.id, changed: false });
    expect((await upsertPayload(owner, { ...payload, payload: { metadata: { upload_type: 2 } } })).changed).toBe(true);

    const pair = await payloadWithRaw({ ctx: owner, input: { payloadId: stored.id } });
    expect(pair.raw).toHaveLength(1);
    expect(pair.raw[0]?.body).toBe(body);
    expect(pair.payload.payload).toEqual({ metadata: { upload_type: 2 } });

    const changed = await storeRawRecord(owner, { ...raw, body: body.replace('10', '12') });
    expect(changed).toEqual({ id: first.id, changed: true });
  });

  it('never show one account’s payloads to another', async () => {
    const a = await accountWithOwner(database.db);
    const b = await accountWithOwner(database.db);
    const userId = (await connectionFor(a.owner)).id;
    const raw = await storeRawRecord(a.owner, {
      userId,
      source: 'user-summaries',
      day: '2024-01-01',
      body,
    });
    const { id } = await upsertPayload(a.owner, {
      userId,
      type: 'body',
      naturalKey: '2024-01-01',
      day: '2024-01-01',
      startTime: '2024-01-01T00:00:00Z',
      payload: {},
      rawRecordIds: [raw.id],
      dropped: {},
    });
    await expect(payloadWithRaw({ ctx: b.owner, input: { payloadId: id } })).rejects.toThrow('No such payload');
    await expect(payloadWithRaw({ ctx: b.owner, input: { payloadId: 'x' } })).rejects.toThrow('Unknown payload.');
  });
});
