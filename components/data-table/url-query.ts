export type SearchParams = Record<string, string | string[] | undefined>;

/** A page's state as it lives in the URL: known keys only, first value, blanks dropped (an empty filter). */
export function readQuery<K extends string>(
  searchParams: SearchParams,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const query: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const raw = searchParams[key];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value) query[key] = value;
  }
  return query;
}

/** `path` with the query, some keys changed (undefined removes one). */
export function hrefWith<Q extends Record<string, string | undefined>>(
  path: string,
  query: Q,
  changes: Partial<Q>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The link a sortable header points at: descending first, flipping when it is the current sort. */
export function sortHref<Q extends Record<string, string | undefined>>(
  path: string,
  query: Q,
  column: string,
  current: { sort: string; dir: 'asc' | 'desc' },
): string {
  const next = current.sort === column && current.dir === 'desc' ? 'asc' : 'desc';
  return hrefWith(path, query, { sort: column, dir: next, page: undefined } as unknown as Partial<Q>);
}
