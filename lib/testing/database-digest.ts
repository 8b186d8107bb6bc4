import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';

/** Columns a read may write (when a key was last used): bookkeeping, not data, so left out of the digest. */
const bookkeeping = { api_keys: 'last_used_at' } as Record<string, string>;

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const statements = new WeakMap<Db, Promise<ReturnType<typeof sql>>>();

/** One statement digesting every table Heartbridge and pg-boss own: a row count and a sum of row hashes each. */
async function digestStatement(db: Db) {
  const tables = rowsOf<{ schema: string; name: string }>(
    await db.execute(sql`select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE' order by 1, 2`),
  );
  return sql.join(
    tables.map((t) => {
      const left = bookkeeping[t.name];
      const row = left ? sql`(to_jsonb(r) - ${left}::text)::text` : sql`r::text`;
      const table = sql`${sql.identifier(t.schema)}.${sql.identifier(t.name)}`;
      return sql`select ${`${t.schema}.${t.name}`} as name, count(*) || ':' || coalesce(sum(hashtextextended(${row}, 0)), 0) as digest from ${table} r`;
    }),
    sql` union all `,
  );
}

/**
 * A digest of every row of every table Heartbridge and pg-boss own, by table: equal digests before and
 * after a refused request prove that it wrote nothing, not even half of something. (The list of tables
 * is read once per database.)
 */
export async function databaseDigest(db: Db): Promise<Record<string, string>> {
  let statement = statements.get(db);
  if (!statement) {
    statement = digestStatement(db);
    statements.set(db, statement);
  }
  const rows = rowsOf<{ name: string; digest: string }>(await db.execute(await statement));
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}
