import type { ReactNode } from 'react';
import { cn } from './cn';

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'success' | 'danger';
  children: ReactNode;
}) {
  return (
    <span
      className={cn(
        'inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium',
        tone === 'neutral' && 'border-border text-muted-foreground',
        tone === 'success' && 'border-success text-success',
        tone === 'danger' && 'border-danger text-danger',
      )}
    >
      {children}
    </span>
  );
}
