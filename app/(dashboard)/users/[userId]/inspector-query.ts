import { hrefWith, readQuery, type SearchParams } from '@/components/data-table/url-query';

const keys = ['from', 'to', 'type', 'page', 'before'] as const;
export type InspectorQuery = Partial<Record<(typeof keys)[number], string>>;

/** The inspector's state as it lives in the URL: the date range, the payload filter and page, the timeline's cursor. */
export function readInspectorQuery(searchParams: SearchParams): InspectorQuery {
  return readQuery(searchParams, keys);
}

/** This user's inspector URL with some keys changed (undefined removes one), and an optional #section. */
export function inspectorHref(userId: string, query: InspectorQuery, changes: InspectorQuery, section?: string) {
  const href = hrefWith(`/users/${encodeURIComponent(userId)}`, query, changes);
  return section ? `${href}#${section}` : href;
}
