import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import type { recentPayloads } from '@/lib/payloads/recent-payloads';
import { PayloadDownloads } from './payload-downloads';
import { formatBytes, typeLabels } from './payload-tabs';
import type { PayloadType } from '@/lib/payloads/payload-types';

type Recent = Awaited<ReturnType<typeof recentPayloads>>;

/** The latest stored payloads of one type, each a link that opens it below. */
export function RecentPayloads({ type, recent, openedId }: { type: PayloadType; recent: Recent; openedId?: string }) {
  if (!recent.hasUsers) {
    return (
      <EmptyState title="No users yet">
        No end user has connected CardioMood to this account, so there are no payloads to show. Connect one through the
        widget (see the API reference) and their payloads appear here; the example above shows what they look like.
      </EmptyState>
    );
  }
  if (recent.payloads.length === 0) {
    return (
      <EmptyState title={`No ${typeLabels[type]} payloads yet`}>
        {type === 'athlete'
          ? 'Heartbridge stores no athlete payloads yet (see the note on the example).'
          : `None of your users has ${type} data yet; it appears here after their next sync.`}
      </EmptyState>
    );
  }
  return (
    <Table label={`Latest ${typeLabels[type]} payloads`}>
      <thead>
        <Tr>
          <Th>User</Th>
          <Th>Date</Th>
          <Th>Key</Th>
          <Th>Size</Th>
          <Th>Changed</Th>
          <Th className="text-right">JSON</Th>
          <Th className="text-right">Download</Th>
        </Tr>
      </thead>
      <tbody>
        {recent.payloads.map((p) => (
          <Tr key={p.id} data-testid="recent-payload-row" aria-current={p.id === openedId ? 'true' : undefined}>
            <Td>
              <div className="font-medium [overflow-wrap:anywhere]">{p.referenceId ?? '—'}</div>
              <Link
                href={`/users/${p.userId}`}
                className="font-mono text-xs text-muted-foreground underline [overflow-wrap:anywhere]"
              >
                {p.userId}
              </Link>
            </Td>
            <Td className="whitespace-nowrap">{p.day}</Td>
            <Td className="font-mono text-xs [overflow-wrap:anywhere]">{p.naturalKey}</Td>
            <Td className="whitespace-nowrap">{formatBytes(p.bytes)}</Td>
            <Td className="whitespace-nowrap">
              <Time value={p.updatedAt} />
            </Td>
            <Td className="text-right">
              <Link
                className="underline"
                href={`/payloads?type=${type}&payload=${p.id}#payload`}
                aria-label={`View ${type} payload ${p.naturalKey} of ${p.referenceId ?? p.userId}`}
              >
                View
              </Link>
            </Td>
            <Td className="text-right">
              <PayloadDownloads
                id={p.id}
                type={type}
                label={`${type} payload ${p.naturalKey} of ${p.referenceId ?? p.userId}`}
              />
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
