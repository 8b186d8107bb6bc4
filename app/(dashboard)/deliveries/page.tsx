import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Deliveries' };

export default function DeliveriesPage() {
  return (
    <>
      <PageHeader title="Deliveries" description="Every event sent to your destinations, with every attempt." />
      <EmptyState title="No deliveries yet">
        Each event Heartbridge sends will be listed here with its attempts (request, response, timing), filterable by
        status, destination, event type, user and date, and replayable one by one or in bulk.
      </EmptyState>
    </>
  );
}
