'use client';

import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { DataTable } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';

export interface UserRow {
  userId: string;
  referenceId: string | null;
  status: 'active' | 'inactive';
  createdAt: string;
  lastPollAt: string | null;
  lastWebhookAt: string | null;
  lastDataAt: string | null;
  failingDeliveries: number;
  lastError: string | null;
}

/** How old the newest data is, in words a support person reads at a glance. */
function freshness(lastDataAt: string | null, now: number) {
  if (!lastDataAt) return { label: 'no data yet', tone: 'neutral' as const };
  const hours = (now - Date.parse(lastDataAt)) / 3_600_000;
  const label =
    hours < 1 ? 'under an hour' : hours < 48 ? `${Math.floor(hours)} h old` : `${Math.floor(hours / 24)} days old`;
  return { label, tone: hours < 24 ? ('success' as const) : hours < 72 ? ('neutral' as const) : ('danger' as const) };
}

export function UsersTable({
  rows,
  sort,
  sortHrefs,
  now,
  canBackfill,
}: {
  rows: UserRow[];
  sort: { id: string; dir: 'asc' | 'desc' };
  sortHrefs: Record<string, string>;
  now: number;
  canBackfill: boolean;
}) {
  const columns: ColumnDef<UserRow>[] = [
    {
      id: 'reference_id',
      header: 'reference_id',
      cell: ({ row }) => row.original.referenceId ?? <span className="text-muted-foreground">none</span>,
    },
    {
      id: 'user_id',
      header: 'user_id',
      cell: ({ row }) => (
        <Link href={`/users/${row.original.userId}`} className="font-mono text-xs underline">
          {row.original.userId}
        </Link>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      cell: ({ row }) =>
        row.original.status === 'active' ? <Badge tone="success">active</Badge> : <Badge tone="danger">inactive</Badge>,
    },
    { id: 'connected_at', header: 'Connected', cell: ({ row }) => <Time value={row.original.createdAt} /> },
    {
      id: 'last_sync',
      header: 'Last sync',
      cell: ({ row }) => (
        <span title={row.original.lastError ?? undefined}>
          <Time value={row.original.lastPollAt} />
          {row.original.lastError && <span className="block text-xs text-danger">sync failing</span>}
        </span>
      ),
    },
    { id: 'last_webhook', header: 'Last webhook', cell: ({ row }) => <Time value={row.original.lastWebhookAt} /> },
    {
      id: 'last_data',
      header: 'Data freshness',
      cell: ({ row }) => {
        const { label, tone } = freshness(row.original.lastDataAt, now);
        return <Badge tone={tone}>{label}</Badge>;
      },
    },
    {
      id: 'failing',
      header: 'Failing deliveries',
      meta: { className: 'text-right' },
      cell: ({ row }) =>
        row.original.failingDeliveries ? (
          <Link
            className="text-danger underline"
            href={`/deliveries?userId=${row.original.userId}&status=retrying`}
            aria-label={`${row.original.failingDeliveries} failing deliveries`}
          >
            {row.original.failingDeliveries}
          </Link>
        ) : (
          <span className="text-muted-foreground">0</span>
        ),
    },
    ...(canBackfill
      ? [
          {
            id: 'actions',
            header: 'Actions',
            meta: { className: 'text-right' },
            cell: ({ row }) => (
              <Link
                href={`/backfills?userId=${row.original.userId}`}
                className="text-sm underline"
                aria-label={`Backfill ${row.original.referenceId ?? row.original.userId}`}
              >
                Backfill
              </Link>
            ),
          } satisfies ColumnDef<UserRow>,
        ]
      : []),
  ];
  return (
    <DataTable
      label="Connected users"
      columns={columns}
      data={rows}
      sort={sort}
      sortHrefs={sortHrefs}
      rowKey={(row) => row.userId}
      rowTestId="user-row"
    />
  );
}
