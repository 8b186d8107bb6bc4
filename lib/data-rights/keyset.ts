import { sql } from 'drizzle-orm';

/** One page of a keyset-paged read: each item with the key the next page starts after. */
export type Page<K> = { key: K; item: unknown }[];

/**
 * Reads a table a page at a time, each page (at most `size` rows: `load` is given it as its limit) after
 * the last key of the one before, so that an export of years of data holds one page in memory. A page
 * shorter than `size` is the last.
 */
export async function* keyset<K>(size: number, load: (after: K | undefined, limit: number) => Promise<Page<K>>) {
  let after: K | undefined;
  for (;;) {
    const page = await load(after, size);
    if (page.length) yield page.map((row) => row.item);
    const last = page.at(-1);
    if (!last || page.length < size) return;
    after = last.key;
  }
}

/** A page key on a timestamp: its text keeps the microseconds a Date would drop (and a page would start over). */
export type TimeKey = { at: string; id: string } | undefined;
export const exactTime = (column: unknown) => sql<string>`${column}::text`;
export const afterTime = (column: { createdAt: unknown; id: unknown }, after: TimeKey) =>
  after ? sql`(${column.createdAt}, ${column.id}) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql`true`;
