import { EmptyState } from '@/components/ui/empty-state';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import type { listEvents } from '@/lib/events/list-events';

type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

/** The account's latest events, with or without deliveries (an account may have no destination yet). */
export function RecentEvents({ events }: { events: EventRow[] }) {
  return (
    <section className="mt-10">
      <h2 className="mb-3 text-base font-semibold">Recent events</h2>
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
    </section>
  );
}
