import Link from 'next/link';
import { requireCtx } from '@/app/_server/session';
import { JsonFileActions } from '@/components/json/json-file-actions';
import { JsonView } from '@/components/json/json-view';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Time } from '@/components/ui/time';
import { isHeartbridgeError } from '@/lib/errors';
import { getUserPayload } from '@/lib/inspector/user-payload';

export const metadata = { title: 'Payload' };

/** A raw answer is kept verbatim: shown as a tree when it is JSON, else as the text received. */
function parsed(body: string): { json: unknown } | null {
  try {
    return { json: JSON.parse(body) };
  } catch {
    return null;
  }
}

export default async function UserPayloadPage({ params }: { params: Promise<{ userId: string; payloadId: string }> }) {
  const ctx = await requireCtx();
  const { userId, payloadId } = await params;
  const back = (
    <p className="mb-2 text-sm">
      <Link href={`/users/${userId}#payloads`} className="underline">
        ← Back to the user
      </Link>
    </p>
  );
  let found: Awaited<ReturnType<typeof getUserPayload>>;
  try {
    found = await getUserPayload({ ctx, input: { userId, payloadId } });
  } catch (error) {
    if (!isHeartbridgeError(error)) throw error;
    return (
      <>
        {back}
        <PageHeader title="Payload" />
        <EmptyState title={error.message.replace(/\.$/, '')}>
          The payload may have been replaced by a newer one, or it belongs to another user or account.
        </EmptyState>
      </>
    );
  }
  const { payload, raw } = found;
  const dropped = Object.entries(payload.dropped);
  return (
    <>
      {back}
      <PageHeader
        title={`${payload.type} · ${payload.day}`}
        description={
          <>
            Natural key <code>{payload.naturalKey}</code> · updated <Time value={payload.updatedAt} /> ·{' '}
            {dropped.length
              ? `implausible samples dropped: ${dropped.map(([what, n]) => `${what} ${n}`).join(', ')}`
              : 'no sample dropped'}
          </>
        }
      />
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="Normalized payload (Terra)" description="What your destinations and the REST API receive.">
          <div className="mb-3">
            <JsonFileActions
              href={`/payloads/download?payloadId=${payload.id}`}
              filename={`${payload.type}-${payload.naturalKey.replace(/[^\w.-]+/g, '_')}.json`}
              what={`the ${payload.type} payload of ${payload.day}`}
            />
          </div>
          <JsonView value={payload.payload} label="Normalized payload" />
        </Card>
        <Card
          title={`Raw CardioMood ${raw.length === 1 ? 'record' : 'records'}`}
          description="The answers it was made from, exactly as CardioMood sent them."
        >
          {raw.length === 0 ? (
            <p className="text-sm text-muted-foreground">No raw record is linked to this payload.</p>
          ) : (
            <div className="flex flex-col gap-4">
              {raw.map((record) => {
                const json = parsed(record.body);
                return (
                  <section key={record.id} aria-label={`${record.source} of ${record.day}`} data-testid="raw-record">
                    <h3 className="mb-1 text-sm font-medium">
                      <code>{record.source}</code> · {record.day}
                    </h3>
                    <p className="mb-2 text-xs text-muted-foreground">
                      fetched <Time value={record.fetchedAt} /> · sha256 {record.contentHash.slice(0, 12)}…
                    </p>
                    {json ? (
                      <JsonView value={json.json} label={`Raw ${record.source} of ${record.day}`} openDepth={2} />
                    ) : (
                      <pre className="max-h-96 overflow-auto rounded-md bg-muted p-3 text-xs">{record.body}</pre>
                    )}
                  </section>
                );
              })}
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
