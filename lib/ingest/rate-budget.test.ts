import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database';
import { blockBudget, takeCall } from './rate-budget';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

describe('shared rate budget', () => {
  it("lets a second's worth of calls through at once, then refills at the rest of the limit, however many ask", async () => {
    const budget = { key: `test:${Date.now()}`, perMinute: 600 };
    const start = new Date('2026-01-01T00:00:00Z');
    const waits = await Promise.all(Array.from({ length: 80 }, () => takeCall(database.db, budget, start)));
    expect(waits.filter((w) => w === 0)).toHaveLength(10); // one second's worth
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThan(0);
    const tenSecondsLater = new Date(start.getTime() + 10_000);
    const more = await Promise.all(Array.from({ length: 20 }, () => takeCall(database.db, budget, tenSecondsLater)));
    expect(more.filter((w) => w === 0)).toHaveLength(10); // 98 refilled, capped at 10
  });

  it('never grants more than the limit in any 60-second window', async () => {
    const budget = { key: `window:${Date.now()}`, perMinute: 120 };
    const start = Date.parse('2026-01-01T00:00:00Z');
    const granted: number[] = [];
    for (let t = start; t < start + 180_000; t += 250) {
      if ((await takeCall(database.db, budget, new Date(t))) === 0) granted.push(t);
    }
    for (const from of granted) {
      expect(granted.filter((t) => t >= from && t < from + 60_000).length).toBeLessThanOrEqual(120);
    }
    expect(granted.length).toBeGreaterThan(350); // 2 at once, then 118 a minute: 356 in 3 minutes
  });

  it('holds every caller back after a 429', async () => {
    const budget = { key: `test-429:${Date.now()}`, perMinute: 180 };
    const now = new Date('2026-01-01T00:00:00Z');
    expect(await takeCall(database.db, budget, now)).toBe(0);
    await blockBudget(database.db, budget, 60_000, now);
    expect(await takeCall(database.db, budget, new Date(now.getTime() + 30_000))).toBeGreaterThanOrEqual(30_000);
    expect(await takeCall(database.db, budget, new Date(now.getTime() + 61_000))).toBe(0);
  });
});
