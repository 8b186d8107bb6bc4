import { Badge } from '@/components/ui/badge';
import { CopyButton } from '@/components/ui/copy-button';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { ReferenceOperation } from '@/lib/api/openapi/api-reference';
import { CodeBlock } from '@/components/ui/code-block';

/** One endpoint: what it does, what it takes, what it answers, and a curl to try it. */
export function OperationCard({ operation }: { operation: ReferenceOperation }) {
  return (
    <article
      id={operation.id}
      aria-label={`${operation.method} /v2${operation.path}`}
      className="rounded-lg border border-border bg-card p-5"
    >
      <h3 className="flex flex-wrap items-center gap-2 font-mono text-sm">
        <Badge tone={operation.method === 'GET' ? 'success' : 'neutral'}>{operation.method}</Badge>
        <span className="font-semibold">/v2{operation.path}</span>
      </h3>
      <p className="mt-2 text-sm">{operation.summary}</p>
      {operation.description && <p className="mt-1 text-sm text-muted-foreground">{operation.description}</p>}
      {operation.parameters.length > 0 && (
        <div className="mt-4">
          <Table label={`Parameters of ${operation.method} ${operation.path}`}>
            <thead>
              <Tr>
                <Th>parameter</Th>
                <Th>in</Th>
                <Th>type</Th>
                <Th>about</Th>
              </Tr>
            </thead>
            <tbody>
              {operation.parameters.map((p) => (
                <Tr key={`${p.in}-${p.name}`}>
                  <Td className="font-mono">
                    {p.name}
                    {p.required && <span className="text-danger"> *</span>}
                  </Td>
                  <Td>{p.in}</Td>
                  <Td className="font-mono text-xs">{p.type}</Td>
                  <Td className="text-muted-foreground">{p.description}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
      {operation.body && (
        <p className="mt-3 text-sm">
          JSON body{operation.body.required ? ' (required)' : ''}:{' '}
          <code className="font-mono text-xs">{operation.body.type}</code>
        </p>
      )}
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {operation.responses.map((r) => (
          <div key={r.status} className="contents">
            <dt className="font-mono">{r.status}</dt>
            <dd>
              {r.schema && <code className="mr-2 font-mono text-xs">{r.schema}</code>}
              <span className="text-muted-foreground">{r.description}</span>
            </dd>
          </div>
        ))}
      </dl>
      <div className="mt-4">
        <div className="mb-1 flex items-center justify-between">
          <span className="text-xs text-muted-foreground">Try it</span>
          <CopyButton value={operation.curl} label="Copy curl" />
        </div>
        <CodeBlock data-testid="curl">{operation.curl}</CodeBlock>
      </div>
    </article>
  );
}
