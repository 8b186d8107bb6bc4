import { requireCtx } from '@/app/_server/session';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { PageHeader } from '@/components/ui/page-header';
import { config } from '@/lib/config';
import { ActivityTiles } from './activity-tiles';
import { CodeBlock } from '@/components/ui/code-block';

export const metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const ctx = await requireCtx();
  const base = `${config().publicUrl}/v2`;
  return (
    <>
      <PageHeader
        title="Overview"
        description={`${ctx.account.name}: connections, events and deliveries at a glance.`}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Your API credentials" description="Point your Terra client at this base URL with these headers.">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-muted-foreground">Base URL</dt>
            <dd className="flex items-center gap-2 font-mono">
              {base} <CopyButton value={base} />
            </dd>
            <dt className="text-muted-foreground">dev-id</dt>
            <dd className="flex items-center gap-2 font-mono">
              <span data-testid="dev-id">{ctx.account.devId}</span> <CopyButton value={ctx.account.devId} />
            </dd>
            <dt className="text-muted-foreground">x-api-key</dt>
            <dd>
              created on the{' '}
              <a className="text-primary underline" href="/api-keys">
                API keys
              </a>{' '}
              page
            </dd>
          </dl>
        </Card>
        <Card title="Try it" description="Lists the providers this Heartbridge serves.">
          <CodeBlock>
            {`curl ${base}/integrations \\\n  -H 'dev-id: ${ctx.account.devId}' \\\n  -H 'x-api-key: <your key>'`}
          </CodeBlock>
        </Card>
        <ActivityTiles ctx={ctx} />
      </div>
    </>
  );
}
