import { requireCtx } from '@/app/_server/session';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { can } from '@/lib/auth/roles';
import { listDestinations } from '@/lib/destinations/list-destinations';
import { listInboxMessages } from '@/lib/destinations/list-inbox-messages';
import { AddDestinationForm } from './add-destination-form';
import { DestinationActions } from './destination-actions';

export const metadata = { title: 'Destinations' };

/** What an inbox message is: a Terra event's type, or a FHIR destination's Bundle and its payload type. */
function inboxEvent(body: string): string {
  try {
    const parsed = JSON.parse(body) as {
      type?: string;
      resourceType?: string;
      meta?: { tag?: Array<{ code?: string }> };
    };
    if (parsed.resourceType === 'Bundle') return `FHIR Bundle (${parsed.meta?.tag?.[0]?.code ?? '?'})`;
    return parsed.type ?? '?';
  } catch {
    return 'not JSON';
  }
}

export default async function DestinationsPage() {
  const ctx = await requireCtx();
  const canManage = can(ctx.actor.role, 'destinations.manage');
  const [destinations, inbox] = await Promise.all([
    listDestinations({ ctx }),
    listInboxMessages({ ctx, input: { limit: 20 } }),
  ]);
  return (
    <>
      <PageHeader
        title="Destinations"
        description="Where Heartbridge sends your events: signed webhooks with retries, and a built-in inbox that shows deliveries arriving without running a server."
      />
      <div className="flex flex-col gap-6">
        {canManage && <AddDestinationForm />}
        {destinations.length === 0 ? (
          <EmptyState title="No destinations yet">
            Add a webhook URL (or the built-in inbox) and every event is delivered there, signed with Terra&apos;s{' '}
            <code>terra-signature</code> and the Standard Webhooks headers.
          </EmptyState>
        ) : (
          <Table label="Destinations">
            <thead>
              <Tr>
                <Th>Name</Th>
                <Th>Kind</Th>
                <Th>URL</Th>
                <Th>Status</Th>
                <Th>Delivered</Th>
                <Th>Retrying / dead</Th>
                <Th>Latency p50 / p95</Th>
                <Th>Last success</Th>
                {canManage && <Th className="text-right">Actions</Th>}
              </Tr>
            </thead>
            <tbody>
              {destinations.map((d) => (
                <Tr key={d.id} data-testid="destination-row">
                  <Td>{d.name}</Td>
                  <Td>
                    {d.kind}
                    {d.payloadFormat === 'fhir' && (
                      <span className="ml-1">
                        <Badge>FHIR</Badge>
                      </span>
                    )}
                  </Td>
                  <Td className="max-w-xs break-all font-mono text-xs">{d.url}</Td>
                  <Td>
                    {d.status === 'enabled' ? (
                      <Badge tone="success">enabled</Badge>
                    ) : (
                      <Badge tone="danger">disabled</Badge>
                    )}
                    {d.disabledReason && <p className="mt-1 text-xs text-danger">{d.disabledReason}</p>}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {d.delivered} / {d.total}
                    {d.successRate !== null && (
                      <span className="text-muted-foreground"> ({Math.round(d.successRate * 100)} %)</span>
                    )}
                  </Td>
                  <Td>
                    {d.retrying} / {d.dead}
                    {d.lastError && <p className="mt-1 max-w-[14rem] text-xs text-danger">{d.lastError}</p>}
                  </Td>
                  <Td className="whitespace-nowrap">{d.p50Ms === null ? '—' : `${d.p50Ms} / ${d.p95Ms} ms`}</Td>
                  <Td className="whitespace-nowrap">
                    <Time value={d.lastSuccessAt} />
                  </Td>
                  {canManage && (
                    <Td className="text-right">
                      <DestinationActions
                        id={d.id}
                        name={d.name}
                        kind={d.kind}
                        url={d.url}
                        enabled={d.status === 'enabled'}
                        eventTypes={d.eventTypes}
                        payloadFormat={d.payloadFormat}
                        timeoutSeconds={d.timeoutSeconds}
                        maxRetries={d.maxRetries}
                      />
                    </Td>
                  )}
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
        {inbox.length > 0 && (
          <Card
            title="Inbox"
            description="The latest deliveries the built-in inbox received over HTTP, with their signature checks."
          >
            <Table label="Inbox messages">
              <thead>
                <Tr>
                  <Th>Received</Th>
                  <Th>Event</Th>
                  <Th>terra-signature</Th>
                  <Th>webhook-signature</Th>
                  <Th>Size</Th>
                </Tr>
              </thead>
              <tbody>
                {inbox.map((m) => (
                  <Tr key={m.id} data-testid="inbox-row">
                    <Td className="whitespace-nowrap">
                      <Time value={m.receivedAt} />
                    </Td>
                    <Td className="font-mono text-xs">{inboxEvent(m.body)}</Td>
                    <Td>
                      {m.terraSignatureValid ? (
                        <Badge tone="success">valid</Badge>
                      ) : (
                        <Badge tone="danger">invalid</Badge>
                      )}
                    </Td>
                    <Td>
                      {m.webhookSignatureValid ? (
                        <Badge tone="success">valid</Badge>
                      ) : (
                        <Badge tone="danger">invalid</Badge>
                      )}
                    </Td>
                    <Td>{(m.body.length / 1024).toFixed(1)} KiB</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          </Card>
        )}
      </div>
    </>
  );
}
