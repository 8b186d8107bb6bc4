import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { type InspectorQuery, inspectorHref } from './inspector-query';

/**
 * The date range of the charts, the payload list and the export (`to` included), kept in the URL.
 * A range the page cannot read is shown back as typed, beside its explanation.
 */
export function RangeForm({
  userId,
  query,
  range,
  canExport,
}: {
  userId: string;
  query: InspectorQuery;
  range: { from: string; to: string };
  canExport: boolean;
}) {
  const exportHref = (format: 'json' | 'csv') =>
    `/users/${userId}/export/${format}?${new URLSearchParams({ from: range.from, to: range.to })}`;
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
      <form
        method="get"
        action={`/users/${userId}#data`}
        aria-label="Date range"
        className="flex flex-wrap items-end gap-3"
      >
        <Field label="From" htmlFor="range-from">
          <Input
            id="range-from"
            name="from"
            defaultValue={query.from ?? range.from}
            placeholder="2025-01-01"
            className="w-36"
          />
        </Field>
        <Field label="To (included)" htmlFor="range-to">
          <Input
            id="range-to"
            name="to"
            defaultValue={query.to ?? range.to}
            placeholder="2025-01-31"
            className="w-36"
          />
        </Field>
        {query.type && <input type="hidden" name="type" value={query.type} />}
        <Button type="submit">Show range</Button>
        <Link href={inspectorHref(userId, {}, {}, 'data')} className="inline-flex h-9 items-center text-sm underline">
          Last 30 days
        </Link>
      </form>
      {canExport && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted-foreground">
            {range.from} to {range.to}:
          </span>
          <a
            href={exportHref('json')}
            download
            className="inline-flex h-8 items-center rounded-md border border-border bg-card px-3 hover:bg-muted"
          >
            Export JSON
          </a>
          <a
            href={exportHref('csv')}
            download
            className="inline-flex h-8 items-center rounded-md border border-border bg-card px-3 hover:bg-muted"
          >
            Export CSV
          </a>
        </div>
      )}
    </div>
  );
}
