import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/lib/testing/test-database';

const tables = [
  'accounts',
  'api_keys',
  'audit_log',
  'backfill_parts',
  'backfills',
  'connections',
  'data_request_usage',
  'deliveries',
  'delivery_attempts',
  'destinations',
  'events',
  'inbox_messages',
  'integrations',
  'login_attempts',
  'members',
  'memberships',
  'oauth_states',
  'payloads',
  'rate_budget_minutes',
  'rate_budgets',
  'raw_records',
  'widget_sessions',
];
const engines = ['pglite', 'postgres'] as const;

describe.each(engines)('migrations on %s', (engine) => {
  const skip = engine === 'postgres' && !process.env.TEST_DATABASE_URL;
  const opened = skip ? undefined : createTestDatabase(engine);
  afterAll(async () => (await opened)?.destroy());

  it.skipIf(skip)('create every table, and running them again changes nothing', async () => {
    const database = await (opened as NonNullable<typeof opened>);
    await database.migrate();
    const rows = await database.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = (rows as unknown as { rows?: Array<{ table_name: string }> }).rows ?? rows;
    expect((names as Array<{ table_name: string }>).map((r) => r.table_name)).toEqual(tables);
  });
});
