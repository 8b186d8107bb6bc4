'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';

/** What the page shows when loading it failed: the server logged the cause; nothing raw reaches the browser. */
export default function PayloadsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <>
      <PageHeader title="Payloads" />
      <div className="flex flex-col items-start gap-3">
        <Alert>The payloads could not be loaded. The error has been logged; try again in a moment.</Alert>
        <Button variant="secondary" onClick={reset}>
          Try again
        </Button>
      </div>
    </>
  );
}
