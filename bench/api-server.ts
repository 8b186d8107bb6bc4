/**
 * The server half of bench/api.ts, in its own process: a fresh database (PGlite in memory, or a
 * throwaway PostgreSQL database), one user with `days` stored days of Daily (samples included, as
 * the sync stores them) and a busy day of Activity, and the /v2/daily and /v2/activity route handlers
 * on a plain node HTTP server. Prints one `READY {json}` line; a second port resets the user's r2 usage.
 * Run by bench/api.ts: node --import tsx bench/api-server.ts <pglite|postgres> <days>
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dataRequestUsage } from '@/db/schema';
import { getActivity, getDaily } from '@/lib/api/endpoints/data';
import { addDays } from '@/lib/data-requests/date-bounds';
import { upsertPayload } from '@/lib/payloads/upsert-payload';
import { normalizeDay } from '@/lib/providers/cardiomood/normalize';
import type { DayRaw } from '@/lib/providers/cardiomood/normalize/day-input';
import { nightWindow } from '@/lib/providers/cardiomood/normalize/sleep';
import { localDay } from '@/lib/providers/cardiomood/normalize/time';
import { parseRawMetric, parseUserSummaries } from '@/lib/providers/cardiomood/raw/parse';
import {
  activityRecords,
  hrvRecords,
  rrIntervalRecords,
  sleepRecords,
  temperatureRecords,
} from '@/lib/providers/cardiomood/simulator/records';
import { userSummary } from '@/lib/providers/cardiomood/simulator/summary';
import { apiAccount } from '@/lib/testing/api';
import { startApiServer } from '@/lib/testing/api-server';
import { connectionFor } from '@/lib/testing/fixtures';
import { createTestDatabase } from '@/lib/testing/test-database';

const engine = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
const days = Number(process.argv[3] ?? 365);
const person = { seed: 'bench', offsetMinutes: 60 };

/** Every payload of one simulated day, as the sync job makes them. */
function payloadsOf(date: string) {
  const window = (w: { start: number; end: number }) => ({
    activity: parseRawMetric('activity', activityRecords(person, w.start, w.end)),
    sleep: parseRawMetric('sleep', sleepRecords(person, w.start, w.end)),
    rr: parseRawMetric('rr-interval', rrIntervalRecords(person, w.start, w.end)),
    temperature: parseRawMetric('temperature', temperatureRecords(person, w.start, w.end)),
    hrv: parseRawMetric('heart-rate-variability', hrvRecords(person, w.start, w.end)),
  });
  const summary = parseUserSummaries({ data: [userSummary(person, date, { includeSlots: true, upTo: Infinity })] })
    .data[0];
  const base = { date, utcOffsetMinutes: person.offsetMinutes, summary };
  const day: DayRaw = { ...base, ...window(localDay(date, person.offsetMinutes)) };
  return normalizeDay(day, { ...base, ...window(nightWindow(date, person.offsetMinutes)) });
}

// The busiest of a few days (most activities) is the Activity day; its Daily is copied across the year.
const candidates = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'].map((date) => ({
  date,
  payloads: payloadsOf(date),
}));
const busy = candidates.reduce((a, b) =>
  b.payloads.filter((p) => p.type === 'activity').length > a.payloads.filter((p) => p.type === 'activity').length
    ? b
    : a,
);
const daily = busy.payloads.find((p) => p.type === 'daily');
if (!daily) throw new Error('no daily payload');

const database = await createTestDatabase(engine);
const api = await apiAccount(database.db, 'Bench');
const user = await connectionFor(api.owner);
const firstDay = addDays(busy.date, -days + 1);
for (let i = 0; i < days; i++) {
  const date = addDays(firstDay, i);
  const payload = structuredClone(daily.payload);
  payload.metadata.start_time = `${date}T00:00:00.000000+01:00`;
  payload.metadata.end_time = `${addDays(date, 1)}T00:00:00.000000+01:00`;
  await upsertPayload(api.owner, {
    userId: user.id,
    type: 'daily',
    naturalKey: date,
    day: date,
    startTime: payload.metadata.start_time,
    payload,
    rawRecordIds: [],
    dropped: {},
  });
}
const activities = busy.payloads.filter((p) => p.type === 'activity');
for (const activity of activities) {
  await upsertPayload(api.owner, {
    userId: user.id,
    type: 'activity',
    naturalKey: activity.naturalKey,
    day: busy.date,
    startTime: (activity.payload.metadata as { start_time: string }).start_time,
    payload: activity.payload,
    rawRecordIds: [],
    dropped: {},
  });
}

const server = await startApiServer(database.db, [getDaily, getActivity]);
// Outside the timed requests: the client clears r2 usage so that a year per request never hits 6,000 days an hour.
const control = http.createServer(async (_req, res) => {
  await database.db.delete(dataRequestUsage);
  res.end('ok');
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const ready = {
  url: server.url,
  resetUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}/`,
  headers: api.headers,
  userId: user.id,
  daily: { start: firstDay, end: addDays(busy.date, 1), days },
  activity: {
    start: busy.date,
    end: addDays(busy.date, 1),
    payloads: activities.length,
    bytes: activities.reduce((n, a) => n + JSON.stringify(a.payload).length, 0),
  },
  dailyBytes: { withSamples: JSON.stringify(daily.payload).length },
};
console.log(`READY ${JSON.stringify(ready)}`);

process.on('SIGTERM', async () => {
  await server.close();
  control.close();
  await database.destroy();
  process.exit(0);
});
