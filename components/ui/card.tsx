import type { ReactNode } from 'react';
import { cn } from './cn';

export function Card({
  title,
  description,
  children,
  className,
}: {
  title?: string;
  description?: ReactNode;
  children?: ReactNode;
  className?: string;
}) {
  return (
    <section className={cn('rounded-lg border border-border bg-card p-5', className)}>
      {title && <h2 className="text-base font-semibold">{title}</h2>}
      {description && <p className="mt-1 text-sm text-muted-foreground">{description}</p>}
      {children && <div className={title || description ? 'mt-4' : undefined}>{children}</div>}
    </section>
  );
}
