import { PageHeader } from './page-header';

/** What a page shows while its data loads (a section's loading.tsx renders it under its own title). */
export function PageLoading({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <div role="status" className="flex flex-col gap-4">
        <p className="text-sm text-muted-foreground">Loading…</p>
        <div className="h-64 animate-pulse rounded-lg border border-border bg-muted" />
      </div>
    </>
  );
}
