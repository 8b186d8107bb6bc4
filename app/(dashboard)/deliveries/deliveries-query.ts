import type { ListDeliveriesInput } from '@/lib/delivery/list-deliveries';

export type SearchParams = Record<string, string | string[] | undefined>;

const keys = [
  'page',
  'perPage',
  'sort',
  'dir',
  'status',
  'destinationId',
  'eventType',
  'userId',
  'from',
  'to',
] as const;
export type QueryKey = (typeof keys)[number];
export type Query = Partial<Record<QueryKey, string>>;

/** The page's state as it lives in the URL: known keys only, first value, blanks dropped (an empty filter). */
export function readQuery(searchParams: SearchParams): Query {
  const query: Query = {};
  for (const key of keys) {
    const raw = searchParams[key];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value) query[key] = value;
  }
  return query;
}

/** The URL's strings as the verb's input; the verb parses and refuses them. */
export function toInput(query: Query): ListDeliveriesInput {
  return query as ListDeliveriesInput;
}

/** This page's URL with some keys changed (undefined removes one). */
export function hrefWith(query: Query, changes: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `/deliveries?${search}` : '/deliveries';
}
