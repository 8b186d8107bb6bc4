import Link from 'next/link';
import type { ReactNode } from 'react';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { Badge } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import { listDestinations } from '@/lib/destinations/list-destinations';
import type { MemberCtx } from '@/lib/context';
import { connectionsOverTime } from '@/lib/overview/connections-over-time';
import { deliveryHealth } from '@/lib/overview/delivery-health';
import { eventGroups, eventsPerDay } from '@/lib/overview/events-per-day';
import { rateBudgetUse } from '@/lib/overview/rate-budget-use';

/** A tile whose title links to the page behind it. */
function Tile({
  title,
  href,
  figure,
  children,
}: {
  title: string;
  href: string;
  figure?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="rounded-lg border border-border bg-card p-5" aria-label={title}>
      <div className="flex items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold">
          <Link href={href} className="hover:underline">
            {title} <span aria-hidden="true">→</span>
          </Link>
        </h2>
        {figure && <div className="text-sm text-muted-foreground">{figure}</div>}
      </div>
      <div className="mt-4">{children}</div>
    </section>
  );
}

const Quiet = ({ children }: { children: ReactNode }) => (
  <p className="py-8 text-center text-sm text-muted-foreground">{children}</p>
);

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);

/** Connected users, events, delivery health, failing destinations and CardioMood's budget: each a link. */
export async function ActivityTiles({ ctx }: { ctx: MemberCtx }) {
  const [connected, emitted, health, destinations, budget] = await Promise.all([
    connectionsOverTime({ ctx }),
    eventsPerDay({ ctx }),
    deliveryHealth({ ctx }),
    listDestinations({ ctx }),
    rateBudgetUse({ ctx }),
  ]);
  const failing = destinations.filter((d) => d.status !== 'enabled' || d.failingSince);
  return (
    <>
      <Tile title="Connected users" href="/users" figure={`${connected.active} active of ${connected.total}`}>
        {connected.total === 0 ? (
          <Quiet>No user has connected yet. Share a widget session to connect the first one.</Quiet>
        ) : (
          <TimeSeriesChart
            kind="area"
            data={connected.series}
            x="day"
            series={[{ key: 'connected', label: 'Connected users' }]}
            summary={`Connected users over the last 30 days, now ${connected.total}.`}
          />
        )}
      </Tile>
      <Tile title="Events per day" href="/deliveries" figure={`${emitted.total} in 14 days`}>
        {emitted.total === 0 ? (
          <Quiet>No events in the last 14 days.</Quiet>
        ) : (
          <TimeSeriesChart
            kind="bar"
            data={emitted.series}
            x="day"
            series={eventGroups.map((g) => ({ key: g, label: g }))}
            summary={`${emitted.total} events in the last 14 days, by data type.`}
          />
        )}
      </Tile>
      <Tile
        title="Deliveries"
        href="/deliveries"
        figure={`${percent(health.overall.successRate)} succeeded · p95 ${health.overall.p95Ms ?? '—'} ms (7 days)`}
      >
        {health.overall.attempts === 0 ? (
          <Quiet>No delivery attempts in the last 7 days.</Quiet>
        ) : (
          <div className="grid gap-2 sm:grid-cols-2">
            <TimeSeriesChart
              data={health.series}
              x="day"
              series={[{ key: 'successRate', label: 'Success rate', color: 'var(--success)' }]}
              valueFormat="percent"
              height={160}
              summary={`Delivery success rate per day over the last 7 days, ${percent(health.overall.successRate)} overall.`}
            />
            <TimeSeriesChart
              data={health.series}
              x="day"
              series={[{ key: 'p95Ms', label: 'p95 latency', color: 'var(--chart-2)' }]}
              valueFormat="ms"
              height={160}
              summary={`95th percentile delivery latency per day over the last 7 days, ${health.overall.p95Ms ?? 'none'} ms overall.`}
            />
          </div>
        )}
      </Tile>
      <Tile title="Failing destinations" href="/destinations" figure={`${failing.length} of ${destinations.length}`}>
        {failing.length === 0 ? (
          <Quiet>
            {destinations.length
              ? 'Every destination is delivering.'
              : 'No destination yet: add one to receive events.'}
          </Quiet>
        ) : (
          <ul className="divide-y divide-border text-sm">
            {failing.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="truncate font-mono">{d.name || d.url}</span>
                <span className="flex items-center gap-2">
                  {d.status === 'enabled' ? (
                    <span className="text-muted-foreground">
                      failing since <Time value={d.failingSince} />
                    </span>
                  ) : (
                    <Badge tone="danger">disabled</Badge>
                  )}
                </span>
                {(d.disabledReason || d.lastError) && (
                  <span className="w-full truncate text-muted-foreground">{d.disabledReason ?? d.lastError}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Tile>
      <Tile
        title="CardioMood rate budget"
        href="/integrations"
        figure={
          budget ? `busiest minute ${percent(budget.busiestMinuteShare)} of ${budget.limitPerMinute}/min` : 'not set up'
        }
      >
        {!budget ? (
          <Quiet>Set up the CardioMood integration to see how much of its rate limit polling uses.</Quiet>
        ) : (
          <>
            {budget.blockedUntil && (
              <p className="mb-2 text-sm text-danger">
                CardioMood answered 429: calls wait until <Time value={budget.blockedUntil} />.
              </p>
            )}
            <TimeSeriesChart
              kind="bar"
              data={budget.series}
              x="minute"
              series={[{ key: 'calls', label: 'Calls per minute' }]}
              height={160}
              summary={`${budget.lastHour} CardioMood calls in the last hour; the limit is ${budget.limitPerMinute} a minute.`}
            />
          </>
        )}
      </Tile>
    </>
  );
}
