import { requireCtx } from '@/app/_server/session';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { listAuditEntries } from '@/lib/audit/list-audit-entries';
import { CodeBlock } from '@/components/ui/code-block';

export const metadata = { title: 'Audit log' };

function Change({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-muted-foreground">—</span>;
  return <CodeBlock className="max-w-xs bg-transparent p-0">{JSON.stringify(value, null, 1)}</CodeBlock>;
}

export default async function AuditLogPage() {
  const ctx = await requireCtx();
  const entries = await listAuditEntries({ ctx, input: { limit: 200 } });
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every configuration change in this account: who, what, when, before and after."
      />
      {entries.length === 0 ? (
        <EmptyState title="No changes yet">
          Changes to keys, members, integrations and destinations appear here.
        </EmptyState>
      ) : (
        <Table label="Audit log">
          <thead>
            <Tr>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>What</Th>
              <Th>Before</Th>
              <Th>After</Th>
            </Tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <Tr key={entry.id} data-testid="audit-row">
                <Td className="whitespace-nowrap">
                  <Time value={entry.createdAt} />
                </Td>
                <Td>{entry.actor}</Td>
                <Td>
                  <span className="font-mono text-xs">{entry.action}</span>
                </Td>
                <Td>
                  <Change value={entry.before} />
                </Td>
                <Td>
                  <Change value={entry.after} />
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
