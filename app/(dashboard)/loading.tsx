/** Shown while any dashboard page loads its data (pages with their own loading.tsx show theirs). */
export default function DashboardLoading() {
  return (
    <div role="status" className="flex flex-col gap-4">
      <p className="text-sm text-muted-foreground">Loading…</p>
      <div className="h-10 w-1/3 animate-pulse rounded-md bg-muted" />
      <div className="h-64 animate-pulse rounded-lg border border-border bg-muted" />
    </div>
  );
}
