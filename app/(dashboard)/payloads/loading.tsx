import { PageHeader } from '@/components/ui/page-header';

/** Shown while the payload examples and coverage load (the first example takes about a second). */
export default function PayloadsLoading() {
  return (
    <>
      <PageHeader title="Payloads" />
      <div role="status" className="flex flex-col gap-4">
        <p className="text-sm text-muted-foreground">Loading payloads…</p>
        <div className="h-64 animate-pulse rounded-lg border border-border bg-muted" />
        <div className="h-40 animate-pulse rounded-lg border border-border bg-muted" />
      </div>
    </>
  );
}
