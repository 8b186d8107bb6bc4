import { requireCtx } from '@/app/_server/session';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { listEvents } from '@/lib/events/list-events';

export const metadata = { title: 'Deliveries' };

export default async function DeliveriesPage() {
  const ctx = await requireCtx();
  const events = await listEvents({ ctx, input: { limit: 200 } });
  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Every event Heartbridge emitted for this account, newest first. Sending them to your destinations (webhooks, databases, buckets, queues) with retries and replay comes with destinations."
      />
      {events.length === 0 ? (
        <EmptyState title="No events yet">
          Connecting a user emits an <code>auth</code> event; every new or changed payload emits a data event.
        </EmptyState>
      ) : (
        <Table label="Events">
          <thead>
            <Tr>
              <Th>When</Th>
              <Th>Type</Th>
              <Th>user_id</Th>
              <Th>terra-reference</Th>
              <Th>Size</Th>
            </Tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <Tr key={event.id} data-testid="event-row">
                <Td className="whitespace-nowrap">
                  <Time value={event.createdAt} />
                </Td>
                <Td className="font-mono text-xs">{event.type}</Td>
                <Td className="font-mono text-xs">{event.userId ?? '—'}</Td>
                <Td className="font-mono text-xs">{event.reference}</Td>
                <Td className="whitespace-nowrap">{(event.bodyBytes / 1024).toFixed(1)} KiB</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
