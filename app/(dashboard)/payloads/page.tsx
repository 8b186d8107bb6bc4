import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Payloads' };

export default function PayloadsPage() {
  return (
    <>
      <PageHeader
        title="Payloads"
        description="What each Terra data type (Activity, Body, Daily, Sleep, Athlete) contains for CardioMood."
      />
      <EmptyState title="No payloads to preview yet">
        One tab per data type will show an example payload made from CardioMood data by the real normalizer, your
        users&apos; latest payloads, and a field reference with CardioMood&apos;s coverage of each field.
      </EmptyState>
    </>
  );
}
