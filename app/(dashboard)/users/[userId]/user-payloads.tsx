import Link from 'next/link';
import { Pager } from '@/components/data-table/pager';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Select } from '@/components/ui/field';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { type listUserPayloads, payloadTypes } from '@/lib/inspector/list-user-payloads';
import { PayloadDownloads } from '../../payloads/payload-downloads';
import { type InspectorQuery, inspectorHref } from './inspector-query';

type Listing = Awaited<ReturnType<typeof listUserPayloads>>;

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`);

/** The user's payloads of the range, filtered by type, paged; each opens beside its raw CardioMood records. */
export function UserPayloads({ userId, listing, query }: { userId: string; listing: Listing; query: InspectorQuery }) {
  const { rows, total, page, perPage } = listing;
  const pages = Math.max(1, Math.ceil(total / perPage));
  return (
    <>
      <form
        method="get"
        action={`/users/${userId}#payloads`}
        aria-label="Filter payloads"
        className="mb-3 flex flex-wrap items-end gap-3"
      >
        <Field label="Payload type" htmlFor="payload-type">
          <Select id="payload-type" name="type" defaultValue={listing.type ?? ''} className="w-40">
            <option value="">all types</option>
            {payloadTypes.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </Select>
        </Field>
        {query.from && <input type="hidden" name="from" value={query.from} />}
        {query.to && <input type="hidden" name="to" value={query.to} />}
        <Button type="submit" variant="secondary">
          Show
        </Button>
      </form>
      {total === 0 ? (
        <EmptyState title="No payloads in this range">
          {listing.type ? `No ${listing.type} payloads` : 'Nothing'} was made for this user from {listing.from} to{' '}
          {listing.to}. Widen the range, or backfill it from CardioMood.
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title={`Page ${page} is past the end`}>
          There are {total} payloads on {pages} {pages === 1 ? 'page' : 'pages'}.{' '}
          <Link className="underline" href={inspectorHref(userId, query, { page: String(pages) }, 'payloads')}>
            Go to the last page
          </Link>
          .
        </EmptyState>
      ) : (
        <Table label="Payloads">
          <thead>
            <Tr>
              <Th>Day</Th>
              <Th>Type</Th>
              <Th>Natural key</Th>
              <Th>Size</Th>
              <Th>Updated</Th>
              <Th className="text-right">Download</Th>
            </Tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <Tr key={p.id} data-testid="payload-row">
                <Td className="whitespace-nowrap">
                  <Link className="underline" href={`/users/${userId}/payloads/${p.id}`}>
                    {p.day}
                  </Link>
                </Td>
                <Td>{p.type}</Td>
                <Td className="font-mono text-xs">{p.naturalKey}</Td>
                <Td className="whitespace-nowrap">{size(p.payloadBytes)}</Td>
                <Td className="whitespace-nowrap">
                  <Time value={p.updatedAt} />
                </Td>
                <Td className="text-right">
                  <PayloadDownloads id={p.id} type={p.type} label={`${p.type} payload ${p.naturalKey}`} />
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {total > 0 && (
        <Pager
          page={page}
          perPage={perPage}
          total={total}
          noun={['payload', 'payloads']}
          href={(p) => inspectorHref(userId, query, { page: String(p) }, 'payloads')}
        />
      )}
    </>
  );
}
