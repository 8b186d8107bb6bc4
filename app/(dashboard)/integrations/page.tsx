import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Integrations' };

export default function IntegrationsPage() {
  return (
    <>
      <PageHeader title="Integrations" description="The wearable providers your end users can connect." />
      <EmptyState title="CardioMood is not set up yet">
        Here you will enable CardioMood, enter your CardioMood client id and secret, copy the redirect URI to register
        with CardioMood, and test the connection.
      </EmptyState>
    </>
  );
}
