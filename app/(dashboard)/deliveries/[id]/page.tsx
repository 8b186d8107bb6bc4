import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireCtx } from '@/app/_server/session';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Time } from '@/components/ui/time';
import { can } from '@/lib/auth/roles';
import { getDelivery } from '@/lib/delivery/get-delivery';
import { isHeartbridgeError } from '@/lib/errors';
import { ReplayButton } from '../replay-button';
import { CodeBlock } from '@/components/ui/code-block';

export const metadata = { title: 'Delivery' };

async function load(ctx: Awaited<ReturnType<typeof requireCtx>>, deliveryId: string) {
  try {
    return await getDelivery({ ctx, input: { deliveryId } });
  } catch (error) {
    // A malformed id and another account's id read the same as an unknown one.
    if (isHeartbridgeError(error) && (error.kind === 'not_found' || error.kind === 'invalid')) notFound();
    throw error;
  }
}

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireCtx();
  const { id } = await params;
  const { delivery, event, destination, attempts } = await load(ctx, id);
  const tone = delivery.status === 'delivered' ? 'success' : delivery.status === 'dead' ? 'danger' : 'neutral';
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/deliveries" className="underline">
          ← Deliveries
        </Link>
      </p>
      <PageHeader
        title={`${event.type} → ${destination.name}`}
        description={
          <>
            <Badge tone={tone}>{delivery.status}</Badge> {delivery.attempts}{' '}
            {delivery.attempts === 1 ? 'attempt' : 'attempts'} since the last replay · {destination.kind}
          </>
        }
        actions={can(ctx.actor.role, 'deliveries.replay') ? <ReplayButton deliveryId={delivery.id} /> : undefined}
      />
      <div className="flex flex-col gap-6">
        <Card title="Event">
          <dl className="mb-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-muted-foreground">Created</dt>
            <dd>
              <Time value={delivery.createdAt} />
            </dd>
            <dt className="text-muted-foreground">user_id</dt>
            <dd className="font-mono text-xs">{event.userId ?? '—'}</dd>
            <dt className="text-muted-foreground">terra-reference</dt>
            <dd className="font-mono text-xs">{event.reference}</dd>
            <dt className="text-muted-foreground">Trace id</dt>
            <dd className="font-mono text-xs">{event.traceId}</dd>
            <dt className="text-muted-foreground">Next attempt</dt>
            <dd>
              {delivery.status === 'retrying' || delivery.status === 'pending' ? (
                <Time value={delivery.nextAttemptAt} />
              ) : (
                '—'
              )}
            </dd>
          </dl>
          <h3 className="mb-1 text-sm font-medium">Request body</h3>
          <Code testId="event-body">{JSON.stringify(event.body, null, 2)}</Code>
        </Card>
        <section>
          <h2 className="mb-3 text-base font-semibold">Attempts, newest first</h2>
          {attempts.length === 0 ? (
            <EmptyState title="Not attempted yet">The worker sends pending deliveries within seconds.</EmptyState>
          ) : (
            <ol className="flex flex-col gap-4">
              {attempts.map((attempt) => (
                <li key={attempt.id} data-testid="attempt">
                  <Card
                    title={attempt.statusCode ? `HTTP ${attempt.statusCode}` : attempt.error ? 'Failed' : 'Sent'}
                    description={
                      <>
                        <Time value={attempt.startedAt} /> · {attempt.durationMs} ms
                      </>
                    }
                  >
                    {attempt.error && <p className="mb-3 text-sm text-danger">{attempt.error}</p>}
                    <h3 className="mb-1 text-sm font-medium">Request headers</h3>
                    <Code testId="request-headers">{JSON.stringify(attempt.requestHeaders, null, 2)}</Code>
                    <h3 className="mt-3 mb-1 text-sm font-medium">Response (first 2 KB)</h3>
                    {attempt.responseExcerpt ? (
                      <Code testId="response">{attempt.responseExcerpt}</Code>
                    ) : (
                      <p className="text-sm text-muted-foreground">No response.</p>
                    )}
                  </Card>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </>
  );
}

function Code({ testId, children }: { testId: string; children: string }) {
  return (
    <CodeBlock data-testid={testId} className="max-h-96 font-mono">
      {children}
    </CodeBlock>
  );
}
