import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Destinations' };

export default function DestinationsPage() {
  return (
    <>
      <PageHeader title="Destinations" description="Where Heartbridge sends your users' data and events." />
      <EmptyState title="No destinations yet">
        Your webhook URL, SQL databases (PostgreSQL, MySQL), buckets (S3, Azure Blob) and queues (RabbitMQ, NATS) will
        be listed here with their success rate, latency and last error, and a button to send a test event.
      </EmptyState>
    </>
  );
}
