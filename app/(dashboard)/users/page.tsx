import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Users' };

export default function UsersPage() {
  return (
    <>
      <PageHeader title="Users" description="The end users who connected a wearable account to your app." />
      <EmptyState title="No connected users yet">
        When end users connect CardioMood through the connect widget, they appear here with their reference id, status,
        last sync and failing deliveries; open one to inspect their data and deliveries.
      </EmptyState>
    </>
  );
}
