'use client';

import { useMemo, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Field, Input, Select } from '@/components/ui/field';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { FieldCoverage } from '@/lib/payloads/payload-coverage';

type Show = 'all' | 'provided' | 'never';

/** Terra's fields of one type with CardioMood's coverage, filtered by text and by whether CardioMood gives them. */
export function FieldReference({
  fields,
  payloads,
  notYetMeasured,
}: {
  fields: FieldCoverage[];
  payloads: number;
  notYetMeasured: number;
}) {
  const [query, setQuery] = useState('');
  const [show, setShow] = useState<Show>('all');
  const shown = useMemo(() => {
    const words = query.trim().toLowerCase();
    return fields.filter(
      (f) =>
        (show === 'all' || (show === 'never') === f.neverProvided) &&
        (!words || f.path.toLowerCase().includes(words) || f.description?.toLowerCase().includes(words)),
    );
  }, [fields, query, show]);
  const provided = fields.filter((f) => !f.neverProvided).length;

  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-muted-foreground">
        {provided} of {fields.length} fields hold CardioMood data.{' '}
        {payloads > 0
          ? `Coverage is the share of your latest ${payloads} payloads of this type in which the field is filled (not null, not an empty list).`
          : 'Coverage appears once your users have payloads of this type.'}
        {notYetMeasured > 0 &&
          ` ${notYetMeasured} older payloads, stored before coverage was recorded, are measured on your next visits.`}
      </p>
      <div className="grid gap-3 sm:grid-cols-[2fr_1fr] sm:items-end">
        <Field label="Filter fields" htmlFor="field-filter">
          <Input
            id="field-filter"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="e.g. heart_rate or seconds"
          />
        </Field>
        <Field label="Show" htmlFor="field-show">
          <Select id="field-show" value={show} onChange={(e) => setShow(e.target.value as Show)}>
            <option value="all">all fields</option>
            <option value="provided">fields CardioMood fills</option>
            <option value="never">fields CardioMood never provides</option>
          </Select>
        </Field>
      </div>
      <p className="sr-only" aria-live="polite">
        {shown.length} fields shown
      </p>
      <Table label="Field reference">
        <thead>
          <Tr>
            <Th>Field</Th>
            <Th>Type</Th>
            <Th>Unit</Th>
            <Th>Coverage</Th>
          </Tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <Tr key={f.path} data-testid="field-row">
              <Td className="[overflow-wrap:anywhere]">
                <div className="font-mono text-xs font-medium">
                  <FieldPath path={f.path} />
                </div>
                {f.description && <p className="mt-0.5 text-xs text-muted-foreground">{f.description}</p>}
              </Td>
              <Td className="min-w-40 text-xs [overflow-wrap:anywhere]">{f.type}</Td>
              <Td className="whitespace-nowrap text-xs">{f.unit ?? '—'}</Td>
              <Td className="min-w-24">
                <Coverage field={f} />
              </Td>
            </Tr>
          ))}
          {shown.length === 0 && (
            <Tr>
              <Td colSpan={4} className="text-center text-muted-foreground">
                No field matches.
              </Td>
            </Tr>
          )}
        </tbody>
      </Table>
    </div>
  );
}

/** A dotted path that may wrap after each dot, never inside a name. */
function FieldPath({ path }: { path: string }) {
  const steps = path.split('.').map((step, i, all) => ({ step, prefix: all.slice(0, i + 1).join('.') }));
  return (
    <>
      {steps.map(({ step, prefix }) => (
        <span key={prefix}>
          {step}
          {prefix !== path && (
            <>
              .<wbr />
            </>
          )}
        </span>
      ))}
    </>
  );
}

function Coverage({ field }: { field: FieldCoverage }) {
  if (field.neverProvided) return <Badge>never from CardioMood</Badge>;
  const percent = field.share === null ? null : Math.round(field.share * 100);
  return (
    <div className="flex flex-col gap-1">
      {percent === null ? (
        <span className="text-xs">in the example</span>
      ) : (
        <>
          <span className="text-xs">
            {percent} % <span className="text-muted-foreground">({field.filledIn})</span>
          </span>
          <span aria-hidden="true" className="block h-1.5 w-full rounded-full bg-muted">
            <span className="block h-1.5 rounded-full bg-primary" style={{ width: `${percent}%` }} />
          </span>
        </>
      )}
    </div>
  );
}
