import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Time } from '@/components/ui/time';
import type { userTimeline } from '@/lib/inspector/user-timeline';
import { ReplayButton } from '../../deliveries/replay-button';
import { type InspectorQuery, inspectorHref } from './inspector-query';

type Timeline = Awaited<ReturnType<typeof userTimeline>>;

const tone = (status: string) => (status === 'delivered' ? 'success' : status === 'dead' ? 'danger' : 'neutral');

/** The user's events, newest first, each with its deliveries and, for those allowed, a Replay button. */
export function UserTimeline({
  userId,
  timeline,
  query,
  canReplay,
}: {
  userId: string;
  timeline: Timeline;
  query: InspectorQuery;
  canReplay: boolean;
}) {
  if (!timeline.items.length) {
    return (
      <EmptyState title={timeline.first ? 'No events yet' : 'No older events'}>
        {timeline.first ? (
          'Events appear when the user connects, when new data is synced, and when they disconnect.'
        ) : (
          <Link className="underline" href={inspectorHref(userId, query, { before: undefined }, 'timeline')}>
            Back to the newest events
          </Link>
        )}
      </EmptyState>
    );
  }
  return (
    <>
      <ol className="flex flex-col gap-3" aria-label="Events, newest first">
        {timeline.items.map((event) => (
          <li key={event.id} className="rounded-md border border-border p-3" data-testid="timeline-event">
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
              <Time value={event.createdAt} />
              <Badge>{event.type}</Badge>
              <span className="truncate font-mono text-xs text-muted-foreground" title="terra-reference">
                {event.reference}
              </span>
            </div>
            {event.deliveries.length === 0 ? (
              <p className="mt-2 text-xs text-muted-foreground">Not delivered: no destination took this event.</p>
            ) : (
              <ul className="mt-2 flex flex-col gap-1.5">
                {event.deliveries.map((d) => (
                  <li
                    key={d.id}
                    className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs"
                    data-testid="timeline-delivery"
                  >
                    <span>→ {d.destinationName}</span>
                    <Badge tone={tone(d.status)}>{d.status}</Badge>
                    <span className="text-muted-foreground">
                      {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                      {d.lastError ? ` · ${d.lastError}` : d.lastStatusCode ? ` · HTTP ${d.lastStatusCode}` : ''}
                    </span>
                    <Link
                      href={`/deliveries/${d.id}`}
                      className="underline"
                      aria-label={`Details of the ${event.type} delivery to ${d.destinationName}`}
                    >
                      Details
                    </Link>
                    {canReplay && <ReplayButton deliveryId={d.id} />}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <nav aria-label="Timeline pages" className="mt-3 flex justify-between text-sm">
        {timeline.first ? (
          <span />
        ) : (
          <Link className="underline" href={inspectorHref(userId, query, { before: undefined }, 'timeline')}>
            Newest events
          </Link>
        )}
        {timeline.nextBefore !== null && (
          <Link
            className="underline"
            href={inspectorHref(userId, query, { before: String(timeline.nextBefore) }, 'timeline')}
          >
            Older events
          </Link>
        )}
      </nav>
    </>
  );
}
