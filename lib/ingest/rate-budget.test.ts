import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database';
import { blockBudget, takeCall } from './rate-budget';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

describe('shared rate budget', () => {
  it('lets no more than the limit through in a minute, however many ask at once, then refills', async () => {
    const budget = { key: `test:${Date.now()}`, perMinute: 30 };
    const start = new Date('2026-01-01T00:00:00Z');
    const waits = await Promise.all(Array.from({ length: 80 }, () => takeCall(database.db, budget, start)));
    expect(waits.filter((w) => w === 0)).toHaveLength(30);
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThan(0);
    const tenSecondsLater = new Date(start.getTime() + 10_000);
    const more = await Promise.all(Array.from({ length: 20 }, () => takeCall(database.db, budget, tenSecondsLater)));
    expect(more.filter((w) => w === 0)).toHaveLength(5);
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
