'use client';

import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import Link from 'next/link';
import { Table, Td, Th, Tr } from '@/components/ui/table';

/**
 * A table whose sorting and paging happen on the server (TanStack Table in manual mode): sortable
 * headers are links to the URL of the next sort, `sortHrefs` by column id, so the state lives in the URL.
 */
export function DataTable<Row>({
  label,
  columns,
  data,
  sort,
  sortHrefs,
  rowTestId,
  rowKey,
}: {
  label: string;
  columns: ColumnDef<Row>[];
  data: Row[];
  sort: { id: string; dir: 'asc' | 'desc' };
  sortHrefs: Record<string, string>;
  rowTestId?: string;
  rowKey: (row: Row) => string;
}) {
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: rowKey,
    manualSorting: true,
    manualPagination: true,
    state: { sorting: [{ id: sort.id, desc: sort.dir === 'desc' }] },
  });
  return (
    <Table label={label}>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <Tr key={group.id}>
            {group.headers.map((header) => {
              const label = flexRender(header.column.columnDef.header, header.getContext());
              const href = sortHrefs[header.column.id];
              const current = sort.id === header.column.id;
              return (
                <Th
                  key={header.id}
                  aria-sort={current ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                  className={(header.column.columnDef.meta as { className?: string } | undefined)?.className}
                >
                  {href ? (
                    <Link href={href} className="underline-offset-2 hover:underline">
                      {label}
                      {current ? (sort.dir === 'asc' ? ' ↑' : ' ↓') : ''}
                    </Link>
                  ) : (
                    label
                  )}
                </Th>
              );
            })}
          </Tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <Tr key={row.id} data-testid={rowTestId}>
            {row.getVisibleCells().map((cell) => (
              <Td
                key={cell.id}
                className={(cell.column.columnDef.meta as { className?: string } | undefined)?.className}
              >
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </Td>
            ))}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
