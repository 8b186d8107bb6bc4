import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import type { MemberCtx } from '../context';
import { parseCsv } from '../formats/csv-parse';
import { summaryColumns } from '../formats/payload-csv';
import { upsertPayload } from '../payloads/upsert-payload';
import { accountWithOwner, connectionFor, memberWithRole } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { exportUserData } from './export-user-data';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

/** A user with 45 daily payloads from 2024-01-01 (more than two JSON batches) and one sleep. */
async function userWithDays() {
  const { owner } = await accountWithOwner(database.db);
  const user = await connectionFor(owner, { referenceId: 'customer/42' });
  for (let i = 0; i < 45; i++) {
    const day = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    await upsertPayload(owner, {
      userId: user.id,
      type: 'daily',
      naturalKey: day,
      day,
      startTime: `${day}T00:00:00Z`,
      payload: {
        metadata: { start_time: `${day}T00:00:00.000000+00:00` },
        distance_data: { steps: 1000 + i, detailed: { step_samples: [{ steps: 1000 + i }] } },
        device_data: { name: 'CardioMood, "armband"' },
      },
      rawRecordIds: [],
      dropped: {},
    });
  }
  await upsertPayload(owner, {
    userId: user.id,
    type: 'sleep',
    naturalKey: 'cardiomood-sleep-2024-01-05',
    day: '2024-01-05',
    startTime: '2024-01-04T23:00:00Z',
    payload: { sleep_durations_data: { asleep: { duration_deep_sleep_state_seconds: 3600 } } },
    rawRecordIds: [],
    dropped: {},
  });
  return { owner: owner as MemberCtx, user };
}

async function text(chunks: AsyncIterable<string>) {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

describe('exporting a user’s data', () => {
  it('as JSON: the user and every whole payload of the range, samples included, oldest day first', async () => {
    const { owner, user } = await userWithDays();
    const exported = await exportUserData({
      ctx: owner,
      input: { userId: user.id, format: 'json', from: '2024-01-03', to: '2024-02-14' },
    });
    expect(exported.filename).toBe('heartbridge-customer_42-2024-01-03-2024-02-14.json');
    expect(exported.contentType).toBe('application/json; charset=utf-8');
    const body = JSON.parse(await text(exported.chunks));
    expect(body.user).toMatchObject({ user_id: user.id, reference_id: 'customer/42', provider: 'CARDIOMOOD' });
    expect(body).toMatchObject({ from: '2024-01-03', to: '2024-02-14' });
    expect(body.payloads).toHaveLength(44);
    expect(body.payloads[0]).toMatchObject({ type: 'daily', day: '2024-01-03', natural_key: '2024-01-03' });
    expect(body.payloads[0].data.distance_data.detailed.step_samples).toEqual([{ steps: 1002 }]);
    expect(body.payloads.filter((p: { type: string }) => p.type === 'sleep')).toHaveLength(1);
    expect(body.payloads.at(-1).day).toBe('2024-02-14');

    const none = await exportUserData({
      ctx: owner,
      input: { userId: user.id, format: 'json', from: '2023-01-01', to: '2023-01-02' },
    });
    expect(JSON.parse(await text(none.chunks)).payloads).toEqual([]);
  });

  it('as CSV: one row per payload with its summary fields flattened, quoted where needed, audited', async () => {
    const { owner, user } = await userWithDays();
    const support = await memberWithRole(owner, 'support');
    const exported = await exportUserData({
      ctx: support,
      input: { userId: user.id, format: 'csv', from: '2024-01-04', to: '2024-01-06' },
    });
    expect(exported.contentType).toBe('text/csv; charset=utf-8');
    const lines = (await text(exported.chunks)).split('\r\n');
    const header = [
      'payload_id',
      'type',
      'day',
      'natural_key',
      ...new Set([...summaryColumns('daily'), ...summaryColumns('sleep')]),
    ];
    expect(lines[0]).toBe(header.join(','));
    expect(lines).toHaveLength(1 + 4 + 1); // header, 3 daily + 1 sleep, and the final CRLF
    const cells = (line: string | undefined) =>
      Object.fromEntries(parseCsv(`${line}\r\n`)[0]?.map((c, i) => [header[i], c]) ?? []);
    expect(cells(lines[1])).toMatchObject({
      type: 'daily',
      day: '2024-01-04',
      natural_key: '2024-01-04',
      'device_data.name': 'CardioMood, "armband"',
      'distance_data.steps': '1003',
      'metadata.start_time': '2024-01-04T00:00:00.000000+00:00',
      'sleep_durations_data.asleep.duration_deep_sleep_state_seconds': '',
    });
    expect(lines[1]).toContain(',"CardioMood, ""armband""",');
    expect(cells(lines.find((l) => l.includes(',sleep,')))).toMatchObject({
      natural_key: 'cardiomood-sleep-2024-01-05',
      'distance_data.steps': '',
      'sleep_durations_data.asleep.duration_deep_sleep_state_seconds': '3600',
    });
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, 'connection.exported')));
    expect(audits).toMatchObject([
      { actor: support.actor.email, after: { format: 'csv', from: '2024-01-04', to: '2024-01-06' } },
    ]);
  });

  it('is refused to a viewer, for another account’s user, or with a bad format or range', async () => {
    const { owner, user } = await userWithDays();
    const viewer = await memberWithRole(owner, 'viewer');
    await expect(exportUserData({ ctx: viewer, input: { userId: user.id, format: 'csv' } })).rejects.toMatchObject({
      kind: 'forbidden',
      message: "Your role (viewer) is not allowed to export a user's data.",
    });
    const other = await accountWithOwner(database.db);
    await expect(
      exportUserData({ ctx: other.owner, input: { userId: user.id, format: 'json' } }),
    ).rejects.toMatchObject({ kind: 'not_found', message: 'No such user in this account.' });
    await expect(exportUserData({ ctx: owner, input: { userId: user.id, format: 'xml' as 'csv' } })).rejects.toThrow(
      'format: export as json or csv.',
    );
    await expect(
      exportUserData({ ctx: owner, input: { userId: user.id, format: 'csv', from: '2024-03-01', to: '2024-01-01' } }),
    ).rejects.toThrow('from must not be after to');
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(audits.filter((a) => a.action === 'connection.exported')).toEqual([]);
  });
});
