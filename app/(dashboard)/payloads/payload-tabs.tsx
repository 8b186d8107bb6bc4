import Link from 'next/link';
import { cn } from '@/components/ui/cn';
import { type PayloadType, payloadTypes } from '@/lib/payloads/payload-types';

export const typeLabels: Record<PayloadType, string> = {
  activity: 'Activity',
  body: 'Body',
  daily: 'Daily',
  sleep: 'Sleep',
  athlete: 'Athlete',
};

/** One tab per data type; the choice lives in the URL (`?type=sleep`). */
export function PayloadTabs({ current }: { current: PayloadType }) {
  return (
    <nav aria-label="Data types" className="overflow-x-auto border-b border-border">
      <ul className="flex gap-1">
        {payloadTypes.map((type) => (
          <li key={type}>
            <Link
              href={`/payloads?type=${type}`}
              aria-current={type === current ? 'page' : undefined}
              className={cn(
                '-mb-px inline-block border-b-2 px-4 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-primary',
                type === current
                  ? 'border-primary text-foreground'
                  : 'border-transparent text-muted-foreground hover:text-foreground',
              )}
            >
              {typeLabels[type]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
