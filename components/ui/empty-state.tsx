import type { ReactNode } from 'react';

/** What a section will show, before there is anything to show. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-border p-10 text-center">
      <h2 className="text-base font-semibold">{title}</h2>
      <div className="mx-auto mt-2 max-w-prose text-sm text-muted-foreground">{children}</div>
    </div>
  );
}
