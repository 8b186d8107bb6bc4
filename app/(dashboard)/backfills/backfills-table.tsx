import { Badge } from '@/components/ui/badge';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import type { BackfillRow } from '@/lib/backfills/list-backfills';
import { CancelButton } from './cancel-button';

const running = (row: BackfillRow) => row.status === 'queued' || row.status === 'running';

function what(row: BackfillRow): string {
  if (row.kind === 'backfill') return 'Backfill';
  if (row.delivery === 'none') return `${row.endpoint} (history for an inline answer)`;
  return `${row.endpoint} to_webhook${row.large ? ' (large request)' : ''}`;
}

function summaryText(row: BackfillRow): string {
  const s = row.summary;
  const payloads = Object.entries(s.payloads ?? {});
  const total = payloads.reduce((n, [, count]) => n + count, 0);
  const parts = [
    row.delivery === 'none'
      ? null
      : `${total} ${total === 1 ? 'payload' : 'payloads'}${payloads.length ? ` (${payloads.map(([t, n]) => `${t} ${n}`).join(', ')})` : ''} in ${s.events ?? 0} ${s.events === 1 ? 'event' : 'events'}`,
    `${s.fetchedDays ?? 0} days fetched from CardioMood`,
    s.failedParts
      ? `${s.failedParts} failed ${s.failedParts === 1 ? 'month' : 'months'}: ${(s.errors ?? []).join('; ')}`
      : null,
    ...(s.notes ?? []),
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Backfills and REST to_webhook requests, with live progress while they run. */
export function BackfillsTable({ rows, canManage }: { rows: BackfillRow[]; canManage: boolean }) {
  return (
    <Table label="Backfills">
      <thead>
        <Tr>
          <Th>Started</Th>
          <Th>What</Th>
          <Th>Users</Th>
          <Th>Range</Th>
          <Th>Progress</Th>
          <Th>Result</Th>
          {canManage && <Th className="text-right">Actions</Th>}
        </Tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const percent = row.partsTotal ? Math.round((row.partsDone / row.partsTotal) * 100) : 100;
          return (
            <Tr key={row.id} data-testid="backfill-row" data-status={row.status}>
              <Td className="whitespace-nowrap">
                <Time value={row.createdAt} />
                <div className="text-xs text-muted-foreground">{row.requestedBy}</div>
              </Td>
              <Td>
                {what(row)}
                <div className="text-xs text-muted-foreground">{row.dataTypes.join(', ')}</div>
                <div className="font-mono text-xs text-muted-foreground" title="terra-reference">
                  {row.reference}
                </div>
              </Td>
              <Td className="text-xs">
                {row.allUsers ? 'all users' : (row.referenceId ?? <span className="font-mono">{row.userId}</span>)}
              </Td>
              <Td className="whitespace-nowrap text-xs">
                {row.startDay} → {row.endDay}
                <div className="text-muted-foreground">end not included</div>
              </Td>
              <Td className="min-w-40">
                <div className="flex items-center gap-2">
                  <div
                    role="progressbar"
                    aria-label={`Progress of ${what(row)}`}
                    aria-valuemin={0}
                    aria-valuemax={row.partsTotal}
                    aria-valuenow={row.partsDone}
                    className="h-2 w-24 overflow-hidden rounded-full bg-muted"
                  >
                    <div className="h-full bg-primary transition-all" style={{ width: `${percent}%` }} />
                  </div>
                  <span className="text-xs tabular-nums" data-testid="backfill-progress">
                    {row.partsDone}/{row.partsTotal}
                  </span>
                </div>
                <div className="mt-1">
                  <Badge tone={row.status === 'done' ? 'success' : row.status === 'failed' ? 'danger' : 'neutral'}>
                    {row.status}
                  </Badge>
                </div>
              </Td>
              <Td className="max-w-sm text-xs" data-testid="backfill-summary">
                {running(row) && row.partsDone === 0 ? '—' : summaryText(row)}
              </Td>
              {canManage && <Td className="text-right">{running(row) && <CancelButton backfillId={row.id} />}</Td>}
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}

export function anyRunning(rows: BackfillRow[]): boolean {
  return rows.some(running);
}
