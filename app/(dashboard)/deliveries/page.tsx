import { requireCtx } from '@/app/_server/session';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { can } from '@/lib/auth/roles';
import { listDeliveries } from '@/lib/delivery/list-deliveries';
import { listEvents } from '@/lib/events/list-events';
import { Badge } from '@/components/ui/badge';
import { ReplayButton } from './replay-button';

export const metadata = { title: 'Deliveries' };

export default async function DeliveriesPage() {
  const ctx = await requireCtx();
  const [events, deliveries] = await Promise.all([
    listEvents({ ctx, input: { limit: 100 } }),
    listDeliveries({ ctx, input: { limit: 200 } }),
  ]);
  const canReplay = can(ctx.actor.role, 'deliveries.replay');
  const tone = (status: string) => (status === 'delivered' ? 'success' : status === 'dead' ? 'danger' : 'neutral');
  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Every event sent to your destinations, with its attempts; failed ones are retried on a doubling schedule and can be replayed."
      />
      {deliveries.length > 0 && (
        <div className="mb-8">
          <Table label="Deliveries">
            <thead>
              <Tr>
                <Th>Created</Th>
                <Th>Event</Th>
                <Th>Destination</Th>
                <Th>Status</Th>
                <Th>Attempts</Th>
                <Th>Last answer</Th>
                <Th>Next attempt</Th>
                {canReplay && <Th className="text-right">Actions</Th>}
              </Tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <Tr key={d.id} data-testid="delivery-row">
                  <Td className="whitespace-nowrap">
                    <Time value={d.createdAt} />
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
        </div>
      )}
      <h2 className="mb-3 text-base font-semibold">Events</h2>
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
