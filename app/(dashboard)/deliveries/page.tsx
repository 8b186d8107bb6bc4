import Link from 'next/link';
import { requireCtx } from '@/app/_server/session';
import { Pager } from '@/components/data-table/pager';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Input, Select } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { can } from '@/lib/auth/roles';
import { deliveryStatuses, listDeliveries } from '@/lib/delivery/list-deliveries';
import { listDestinations } from '@/lib/destinations/list-destinations';
import { isHeartbridgeError } from '@/lib/errors';
import { listEvents } from '@/lib/events/list-events';
import { hrefWith, type Query, readQuery, type SearchParams, toInput } from './deliveries-query';
import { ReplayButton } from './replay-button';
import { RecentEvents } from './recent-events';
import { ReplayFailedForm } from './replay-failed-form';

export const metadata = { title: 'Deliveries' };

type Listing = Awaited<ReturnType<typeof listDeliveries>>;

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireCtx();
  const query = readQuery(await searchParams);
  const [destinations, events] = await Promise.all([
    listDestinations({ ctx }),
    listEvents({ ctx, input: { limit: 50 } }),
  ]);
  let listing: Listing | undefined;
  let problem: string | undefined;
  try {
    listing = await listDeliveries({ ctx, input: toInput(query) });
  } catch (error) {
    if (!isHeartbridgeError(error)) throw error;
    problem = error.message;
  }
  const canReplay = can(ctx.actor.role, 'deliveries.replay');
  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Every event sent to your destinations, with its attempts; failed ones are retried on a doubling schedule and can be replayed."
      />
      <div className="mb-6 flex flex-col gap-4">
        <Filters query={query} destinations={destinations} />
        {problem && <Alert>{problem}</Alert>}
        {canReplay && (
          <Card
            title="Replay failed deliveries"
            description="Sends every dead or retrying delivery created in the range again, now, for the destination filtered above or all of them."
          >
            <ReplayFailedForm from={query.from} to={query.to} destinationId={query.destinationId} />
          </Card>
        )}
      </div>
      {listing && <Listing listing={listing} query={query} canReplay={canReplay} />}
      <RecentEvents events={events} />
    </>
  );
}

function Filters({ query, destinations }: { query: Query; destinations: Array<{ id: string; name: string }> }) {
  return (
    <form
      method="get"
      action="/deliveries"
      aria-label="Filter deliveries"
      className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end"
    >
      <Field label="Status" htmlFor="filter-status">
        <Select id="filter-status" name="status" defaultValue={query.status ?? ''}>
          <option value="">any</option>
          {deliveryStatuses.map((status) => (
            <option key={status}>{status}</option>
          ))}
        </Select>
      </Field>
      <Field label="Destination" htmlFor="filter-destination">
        <Select id="filter-destination" name="destinationId" defaultValue={query.destinationId ?? ''}>
          <option value="">any</option>
          {destinations.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Event type" htmlFor="filter-event-type">
        <Input id="filter-event-type" name="eventType" defaultValue={query.eventType} placeholder="e.g. activity" />
      </Field>
      <Field label="user_id" htmlFor="filter-user">
        <Input id="filter-user" name="userId" defaultValue={query.userId} className="font-mono" />
      </Field>
      <Field label="From" htmlFor="filter-from">
        <Input id="filter-from" name="from" defaultValue={query.from} placeholder="2025-01-31" />
      </Field>
      <Field label="To (not included)" htmlFor="filter-to">
        <Input id="filter-to" name="to" defaultValue={query.to} placeholder="2025-02-01" />
      </Field>
      {query.sort && <input type="hidden" name="sort" value={query.sort} />}
      {query.dir && <input type="hidden" name="dir" value={query.dir} />}
      {query.perPage && <input type="hidden" name="perPage" value={query.perPage} />}
      <div className="flex gap-2 lg:col-span-6">
        <Button type="submit">Filter</Button>
        <Link href="/deliveries" className="inline-flex h-9 items-center px-3 text-sm underline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}

function Listing({ listing, query, canReplay }: { listing: Listing; query: Query; canReplay: boolean }) {
  const { rows, total, page, perPage } = listing;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const tone = (status: string) => (status === 'delivered' ? 'success' : status === 'dead' ? 'danger' : 'neutral');
  if (total === 0) {
    return (
      <EmptyState title="No deliveries match">
        Add a destination and every event is delivered to it; change or clear the filters to see more.
      </EmptyState>
    );
  }
  return (
    <>
      {rows.length === 0 ? (
        <EmptyState title={`Page ${page} is past the end`}>
          There are {total} matching deliveries on {pages} {pages === 1 ? 'page' : 'pages'}.{' '}
          <Link className="underline" href={hrefWith(query, { page: String(pages) })}>
            Go to the last page
          </Link>
          .
        </EmptyState>
      ) : (
        <Table label="Deliveries">
          <thead>
            <Tr>
              <SortableTh query={query} column="created_at" label="Created" />
              <Th>Event</Th>
              <Th>Destination</Th>
              <Th>Status</Th>
              <SortableTh query={query} column="attempts" label="Attempts" />
              <Th>Last answer</Th>
              <SortableTh query={query} column="next_attempt_at" label="Next attempt" />
              {canReplay && <Th className="text-right">Actions</Th>}
            </Tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <Tr key={d.id} data-testid="delivery-row">
                <Td className="whitespace-nowrap">
                  <Link href={`/deliveries/${d.id}`} className="underline">
                    <Time value={d.createdAt} />
                  </Link>
                </Td>
                <Td className="font-mono text-xs">{d.eventType}</Td>
                <Td>{d.destinationName}</Td>
                <Td>
                  <Badge tone={tone(d.status)}>{d.status}</Badge>
                </Td>
                <Td>{d.attempts}</Td>
                <Td className="max-w-xs text-xs">
                  {d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '—')}
                </Td>
                <Td className="whitespace-nowrap">
                  {d.status === 'retrying' || d.status === 'pending' ? <Time value={d.nextAttemptAt} /> : '—'}
                </Td>
                {canReplay && (
                  <Td className="text-right">
                    <ReplayButton deliveryId={d.id} />
                  </Td>
                )}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager
        page={page}
        perPage={perPage}
        total={total}
        noun={['delivery', 'deliveries']}
        href={(p) => hrefWith(query, { page: String(p) })}
      />
    </>
  );
}

/** A header whose link sorts by its column, descending first, flipping when it is the current sort. */
function SortableTh({ query, column, label }: { query: Query; column: string; label: string }) {
  const current = (query.sort ?? 'created_at') === column;
  const dir = query.dir ?? 'desc';
  const next = current && dir === 'desc' ? 'asc' : 'desc';
  return (
    <Th aria-sort={current ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link
        href={hrefWith(query, { sort: column, dir: next, page: undefined })}
        className="underline-offset-2 hover:underline"
      >
        {label}
        {current ? (dir === 'asc' ? ' ↑' : ' ↓') : ''}
      </Link>
    </Th>
  );
}
