import { requireCtx } from '@/app/_server/session';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { PageHeader } from '@/components/ui/page-header';
import { getApiReference } from '@/lib/api/openapi/api-reference';
import { OperationCard } from './operation-card';
import { CodeBlock } from '@/components/ui/code-block';

export const metadata = { title: 'API reference' };

export default async function ApiReferencePage() {
  const ctx = await requireCtx();
  const reference = getApiReference({ ctx });
  return (
    <>
      <PageHeader
        title="API reference"
        description="Every endpoint this Heartbridge serves under /v2, in Terra's shape, from the same OpenAPI document your tools can read."
        actions={
          <a className="text-sm text-primary underline" href="/v2/openapi.json">
            openapi.json
          </a>
        }
      />
      <Card
        className="mb-6"
        title="Before you copy"
        description="The examples read your key and a user id from the shell, so no key is ever shown here."
      >
        <CodeBlock>
          {
            'export HEARTBRIDGE_API_KEY=hb_…   # from the API keys page\nexport USER_ID=…                  # a user_id from the Users page'
          }
        </CodeBlock>
        <p className="mt-3 flex items-center gap-2 text-sm">
          Base URL <code className="font-mono">{reference.server}</code> <CopyButton value={reference.server} />
        </p>
      </Card>
      <nav aria-label="Tags" className="mb-6 flex flex-wrap gap-3 text-sm">
        {reference.tags.map((tag) => (
          <a key={tag.name} className="text-primary underline" href={`#${tag.name}`}>
            {tag.name}
          </a>
        ))}
      </nav>
      <div className="flex flex-col gap-8">
        {reference.tags.map((tag) => (
          <section key={tag.name} id={tag.name} aria-label={tag.name} className="flex flex-col gap-4">
            <h2 className="text-lg font-semibold">{tag.name}</h2>
            {tag.operations.map((operation) => (
              <OperationCard key={operation.id} operation={operation} />
            ))}
          </section>
        ))}
      </div>
    </>
  );
}
