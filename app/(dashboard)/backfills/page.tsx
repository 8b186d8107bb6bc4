import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Backfills' };

export default function BackfillsPage() {
  return (
    <>
      <PageHeader title="Backfills" description="Historical data fetched on request, for one user or all of them." />
      <EmptyState title="No backfills yet">
        Backfills you start here or from a user&apos;s page, and REST requests sent with <code>to_webhook</code>, will
        be listed with their progress, a cancel button and a summary of what was delivered.
      </EmptyState>
    </>
  );
}
