import type { HTMLAttributes } from 'react';
import { cn } from './cn';

/** Preformatted text that may scroll; focusable so that keyboard users can scroll it too. */
export function CodeBlock({ className, ...props }: HTMLAttributes<HTMLPreElement>) {
  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1).
  return <pre tabIndex={0} className={cn('overflow-auto rounded-md bg-muted p-3 text-xs', className)} {...props} />;
}
