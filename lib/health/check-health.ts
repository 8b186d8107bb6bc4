import { sql } from 'drizzle-orm';
import { database } from '../database';
import { log } from '../log';

/** Whether the database answers, and how fast. */
export async function checkHealth(): Promise<{ ok: boolean; database: string; latencyMs?: number }> {
  const started = performance.now();
  try {
    const { db, kind } = await database();
    await db.execute(sql`select 1`);
    return { ok: true, database: kind, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    log.warn({ err: error }, 'health check: database unreachable');
    return { ok: false, database: 'unreachable' };
  }
}
