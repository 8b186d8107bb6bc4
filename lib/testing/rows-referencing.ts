import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '@/db/client';

export interface TableName {
  schema: string;
  table: string;
}

/** Every table of the database, ours and pg-boss's alike, read from information_schema: a new one is included. */
export async function everyTable(db: Db): Promise<TableName[]> {
  const result = await db.execute(sql`
    select table_schema as schema, table_name as "table" from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
    order by 1, 2`);
  return rowsOf<TableName>(result);
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const qualified = (t: TableName) => `${quote(t.schema)}.${quote(t.table)}`;
const uuidPattern = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const isUuid = (text: string) => new RegExp(`^${uuidPattern}$`).test(text);

/**
 * For each key of `needles` (a user, say), per table (`schema.table`): the rows whose text, every column
 * with JSON and arrays included, contains one of its needles. Tables without any are left out. One pass
 * per table for every key: uuids are found by pattern and looked up, other needles searched as text.
 */
export async function rowsReferencing<K extends string>(
  db: Db,
  needles: Record<K, string[]>,
): Promise<Record<K, Record<string, number>>> {
  const found = Object.fromEntries(Object.keys(needles).map((key) => [key, {}])) as Record<
    string,
    Record<string, number>
  >;
  const list = (Object.entries(needles) as [K, string[]][]).flatMap(([who, values]) =>
    values.map((needle) => ({ who, needle: isUuid(needle) ? needle.toLowerCase() : needle, uuid: isUuid(needle) })),
  );
  const json = JSON.stringify(list);
  for (const table of await everyTable(db)) {
    const result = await db.execute(sql`
      with n as (select * from jsonb_to_recordset(${json}::jsonb) as n(who text, needle text, uuid boolean))
      select hit.who, count(*)::int as rows from (select r::text as t from ${sql.raw(qualified(table))} r) r
      cross join lateral (
        select n.who from regexp_matches(r.t, ${uuidPattern}, 'g') m join n on n.uuid and n.needle = m[1]
        union
        select n.who from n where not n.uuid and strpos(r.t, n.needle) > 0
      ) hit
      group by hit.who`);
    for (const { who, rows } of rowsOf<{ who: string; rows: number }>(result)) {
      const tables = found[who];
      if (tables) tables[`${table.schema}.${table.table}`] = rows;
    }
  }
  return found as Record<K, Record<string, number>>;
}

/** Every table's row count (`schema.table`). */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await everyTable(db)) {
    const result = await db.execute(sql`select count(*)::int as n from ${sql.raw(qualified(table))}`);
    counts[`${table.schema}.${table.table}`] = rowsOf<{ n: number }>(result)[0]?.n ?? 0;
  }
  return counts;
}
