import {
  hrefWith as hrefWithQuery,
  readQuery as readUrlQuery,
  type SearchParams,
} from '@/components/data-table/url-query';
import type { ListDeliveriesInput } from '@/lib/delivery/list-deliveries';

export type { SearchParams };

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

/** The page's state as it lives in the URL. */
export function readQuery(searchParams: SearchParams): Query {
  return readUrlQuery(searchParams, keys);
}

/** The URL's strings as the verb's input; the verb parses and refuses them. */
export function toInput(query: Query): ListDeliveriesInput {
  return query as ListDeliveriesInput;
}

/** This page's URL with some keys changed (undefined removes one). */
export function hrefWith(query: Query, changes: Query): string {
  return hrefWithQuery('/deliveries', query, changes);
}
