import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '@/db/client';

/**
 * Every row an account owns, table by table: the account itself, its members (through memberships)
 * and every row of every table with an `account_id` column, found in the catalog so that a table
 * added later is covered without a change here. Two equal snapshots mean nothing of it changed.
 */
export async function accountSnapshot(db: Db, accountId: string): Promise<Record<string, unknown[]>> {
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(sql`
      select distinct table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'account_id'
      order by table_name`),
  );
  const read = async (query: ReturnType<typeof sql>) =>
    rowsOf<unknown>(await db.execute(query)).map((row) => JSON.parse(JSON.stringify(row)) as unknown);
  const snapshot: Record<string, unknown[]> = {
    accounts: await read(sql`select * from accounts where id = ${accountId}`),
    members: await read(sql`
      select m.* from members m join memberships s on s.member_id = m.id
      where s.account_id = ${accountId} order by m::text`),
  };
  for (const { table_name: table } of tables) {
    snapshot[table] = await read(
      sql`select * from ${sql.identifier(table)} t where account_id = ${accountId} order by t::text`,
    );
  }
  return snapshot;
}
