'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/**
 * What any dashboard page shows when loading it failed unexpectedly: the server logged the cause; the
 * browser gets a readable message and a retry, never a stack trace.
 */
export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="flex flex-col items-start gap-3">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <Alert>This page could not be loaded. The error has been logged; try again in a moment.</Alert>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
