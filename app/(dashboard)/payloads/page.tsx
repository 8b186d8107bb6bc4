import Link from 'next/link';
import { requireCtx } from '@/app/_server/session';
import { JsonFileActions } from '@/components/json/json-file-actions';
import { JsonView } from '@/components/json/json-view';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/roles';
import { isHeartbridgeError } from '@/lib/errors';
import { examplePayload, exampleSource } from '@/lib/payloads/example-payloads';
import { payloadCoverage } from '@/lib/payloads/payload-coverage';
import { isPayloadType, type PayloadType } from '@/lib/payloads/payload-types';
import { recentPayloads } from '@/lib/payloads/recent-payloads';
import { storedPayload } from '@/lib/payloads/stored-payload';
import { FieldReference } from './field-reference';
import { formatBytes, PayloadTabs, typeLabels } from './payload-tabs';
import { RecentPayloads } from './recent-payloads';
import { SendExampleButton } from './send-example-button';

export const metadata = { title: 'Payloads' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function PayloadsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireCtx();
  const params = await searchParams;
  const asked = typeof params.type === 'string' ? params.type : undefined;
  const type: PayloadType = isPayloadType(asked) ? asked : 'daily';
  const payloadId = typeof params.payload === 'string' ? params.payload : undefined;
  const [recent, coverage, opened] = await Promise.all([
    recentPayloads({ ctx, input: { type } }),
    payloadCoverage({ ctx, input: { type } }),
    payloadId ? openPayload(ctx, payloadId) : undefined,
  ]);
  const example = examplePayload(type);
  const label = typeLabels[type];
  return (
    <>
      <PageHeader
        title="Payloads"
        description="What each Terra data type contains for CardioMood: an example made by the real normalizer, your users' latest payloads, and every field of Terra's model with how often CardioMood fills it."
      />
      <PayloadTabs current={type} />
      <div className="mt-6 flex flex-col gap-6">
        {asked !== undefined && !isPayloadType(asked) && (
          <Alert>
            There is no data type “{asked.slice(0, 40)}”: choose Activity, Body, Daily, Sleep or Athlete. Showing Daily.
          </Alert>
        )}
        <Card
          title={`Example ${label} payload`}
          description={
            <>
              Simulated CardioMood data (the simulator&apos;s {exampleSource.username} on {exampleSource.date}) run
              through the normalizer Heartbridge uses for real users; valid against Terra&apos;s {label} schema.{' '}
              {formatBytes(example.bytes)} as sent. Long sample lists show their first 20 items here; Copy and Download
              give the whole payload.
            </>
          }
        >
          <div className="flex flex-col gap-3">
            <div className="flex flex-wrap items-start justify-between gap-3">
              <JsonFileActions
                href={`/payloads/download?type=${type}`}
                filename={`cardiomood-example-${type}.json`}
                what={`the example ${label} payload`}
              />
              {can(ctx.actor.role, 'payloads.send_example') ? (
                <SendExampleButton type={type} />
              ) : (
                <p className="max-w-sm text-xs text-muted-foreground">
                  Owners and developers can send this example to the destinations as a real {type} event.
                </p>
              )}
            </div>
            {type === 'athlete' && (
              <Alert tone="info">
                CardioMood&apos;s Health Cloud documents no profile endpoint, so Heartbridge stores no athlete payloads
                yet and <code>GET /v2/athlete</code> answers with <code>provider_user_id</code> alone. This example is
                what the normalizer makes of the profile the simulator&apos;s sign-in returns.
              </Alert>
            )}
            <JsonView value={example.payload} label={`Example ${label} payload`} />
          </div>
        </Card>
        <Card
          title={`Latest ${label} payloads from your users`}
          description="The account's newest payloads of this type, by last change."
        >
          <RecentPayloads type={type} recent={recent} openedId={payloadId} />
        </Card>
        {opened && 'problem' in opened && <Alert>{opened.problem}</Alert>}
        {opened && 'payload' in opened && (
          <section id="payload" aria-label="Selected payload" className="rounded-lg border border-border bg-card p-5">
            <div className="mb-3 flex flex-wrap items-start justify-between gap-3">
              <div>
                <h2 className="text-base font-semibold">
                  {typeLabels[opened.type]} payload {opened.naturalKey}
                </h2>
                <p className="mt-1 text-sm text-muted-foreground">
                  {opened.referenceId ?? 'no reference_id'} · <span className="font-mono">{opened.userId}</span> ·{' '}
                  {opened.day} · {formatBytes(opened.bytes)}
                </p>
              </div>
              <div className="flex items-center gap-3">
                <JsonFileActions
                  href={`/payloads/download?payloadId=${opened.id}`}
                  filename={`${opened.type}-${opened.naturalKey}.json`}
                  what={`${opened.type} payload ${opened.naturalKey}`}
                />
                <Link href={`/payloads?type=${type}`} className="text-sm underline">
                  Close
                </Link>
              </div>
            </div>
            <JsonView value={opened.payload} label={`${typeLabels[opened.type]} payload ${opened.naturalKey}`} />
          </section>
        )}
        <Card
          title={`${label} field reference`}
          description={`Every field of Terra's ${label} model (${coverage.fields.length}), with CardioMood's coverage. A field is marked “never from CardioMood” when it is empty in the example day and in all of your latest payloads.`}
        >
          <FieldReference
            fields={coverage.fields}
            payloads={coverage.payloads}
            notYetMeasured={coverage.notYetMeasured}
          />
        </Card>
      </div>
    </>
  );
}

/** The payload asked for by `?payload=`, or the reason it cannot be shown. */
async function openPayload(ctx: Awaited<ReturnType<typeof requireCtx>>, payloadId: string) {
  try {
    return await storedPayload({ ctx, input: { payloadId } });
  } catch (error) {
    if (!isHeartbridgeError(error)) throw error;
    return { problem: error.message };
  }
}
