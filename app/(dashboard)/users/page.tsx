import Link from 'next/link';
import { requireCtx } from '@/app/_server/session';
import { Pager } from '@/components/data-table/pager';
import { hrefWith, readQuery, type SearchParams, sortHref } from '@/components/data-table/url-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Input, Select } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/roles';
import {
  connectionSorts,
  type SearchConnectionsInput,
  searchConnections,
  syncFilters,
} from '@/lib/connections/search-connections';
import { isHeartbridgeError } from '@/lib/errors';
import { DeauthenticatedNotice } from './deauthenticated-notice';
import { type UserRow, UsersTable } from './users-table';

export const metadata = { title: 'Users' };

const keys = ['page', 'perPage', 'sort', 'dir', 'status', 'sync', 'q'] as const;
type Query = Partial<Record<(typeof keys)[number], string>>;
const syncLabels: Record<(typeof syncFilters)[number], string> = {
  never: 'never synced',
  hour: 'in the last hour',
  day: 'in the last day',
  stale: 'more than a day ago',
};

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireCtx();
  const params = await searchParams;
  const query: Query = readQuery(params, keys);
  let listing: Awaited<ReturnType<typeof searchConnections>> | undefined;
  let problem: string | undefined;
  try {
    // The URL's strings go to the verb as they are: it parses them and refuses bad ones by name.
    listing = await searchConnections({ ctx, input: query as SearchConnectionsInput });
  } catch (error) {
    if (!isHeartbridgeError(error)) throw error;
    problem = error.message;
  }
  const filtered = Boolean(query.status || query.sync || query.q);
  return (
    <>
      <PageHeader
        title="Users"
        description="The end users who connected a wearable account: find one by reference_id or user_id, see how fresh their data is and whether their deliveries fail."
      />
      <DeauthenticatedNotice searchParams={params} />
      <Filters query={query} />
      {problem && <Alert>{problem}</Alert>}
      {listing && listing.total === 0 && (
        <EmptyState title={filtered ? 'No user matches' : 'No connected users yet'}>
          {filtered ? (
            <>
              Change or{' '}
              <Link className="underline" href="/users">
                clear the filters
              </Link>
              .
            </>
          ) : (
            <>
              When end users connect CardioMood through the connect widget (
              <code>POST /v2/auth/generateWidgetSession</code>), they appear here.
            </>
          )}
        </EmptyState>
      )}
      {listing && listing.total > 0 && (
        <Listing listing={listing} query={query} canBackfill={can(ctx.actor.role, 'backfills.manage')} />
      )}
    </>
  );
}

function Listing({
  listing,
  query,
  canBackfill,
}: {
  listing: Awaited<ReturnType<typeof searchConnections>>;
  query: Query;
  canBackfill: boolean;
}) {
  const { rows, total, page, perPage, sort, dir } = listing;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const sortHrefs = Object.fromEntries(connectionSorts.map((c) => [c, sortHref('/users', query, c, { sort, dir })]));
  const tableRows: UserRow[] = rows.map((r) => ({
    userId: r.userId,
    referenceId: r.referenceId,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    lastPollAt: r.lastPollAt?.toISOString() ?? null,
    lastWebhookAt: r.lastWebhookAt?.toISOString() ?? null,
    lastDataAt: r.lastDataAt?.toISOString() ?? null,
    failingDeliveries: r.failingDeliveries,
    lastError: r.lastError,
  }));
  return (
    <>
      {rows.length === 0 ? (
        <EmptyState title={`Page ${page} is past the end`}>
          There are {total} matching users on {pages} {pages === 1 ? 'page' : 'pages'}.{' '}
          <Link className="underline" href={hrefWith('/users', query, { page: String(pages) })}>
            Go to the last page
          </Link>
          .
        </EmptyState>
      ) : (
        <UsersTable
          rows={tableRows}
          sort={{ id: sort, dir }}
          sortHrefs={sortHrefs}
          now={Date.now()}
          canBackfill={canBackfill}
        />
      )}
      <Pager
        page={page}
        perPage={perPage}
        total={total}
        noun={['user', 'users']}
        href={(p) => hrefWith('/users', query, { page: String(p) })}
      />
    </>
  );
}

function Filters({ query }: { query: Query }) {
  return (
    <search aria-label="Find users">
      <form
        method="get"
        action="/users"
        className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto] lg:items-end"
      >
        <Field label="reference_id or user_id" htmlFor="users-q">
          <Input id="users-q" name="q" defaultValue={query.q ?? ''} placeholder="e.g. customer-42" />
        </Field>
        <Field label="Status" htmlFor="users-status">
          <Select id="users-status" name="status" defaultValue={query.status ?? ''}>
            <option value="">any</option>
            <option value="active">active</option>
            <option value="inactive">inactive</option>
          </Select>
        </Field>
        <Field label="Last sync" htmlFor="users-sync">
          <Select id="users-sync" name="sync" defaultValue={query.sync ?? ''}>
            <option value="">any time</option>
            {syncFilters.map((s) => (
              <option key={s} value={s}>
                {syncLabels[s]}
              </option>
            ))}
          </Select>
        </Field>
        {query.sort && <input type="hidden" name="sort" value={query.sort} />}
        {query.dir && <input type="hidden" name="dir" value={query.dir} />}
        <Button type="submit">Search</Button>
      </form>
    </search>
  );
}
