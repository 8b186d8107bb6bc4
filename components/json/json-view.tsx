import type { ReactNode } from 'react';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * JSON as a readable tree: monospace, scrollable, objects and arrays collapsible (<details>, so it works
 * without JavaScript). Long arrays show their first `maxItems` items; the rest are counted, not drawn.
 */
export function JsonView({
  value,
  label,
  maxItems = 20,
  openDepth = 3,
}: {
  value: unknown;
  label: string;
  maxItems?: number;
  openDepth?: number;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it.
      tabIndex={0}
      className="max-h-[36rem] overflow-auto rounded-md border border-border bg-card p-3 font-mono text-xs leading-5 focus-visible:outline-2 focus-visible:outline-primary"
    >
      <JsonNode value={value as Json} depth={0} last options={{ maxItems, openDepth }} />
    </section>
  );
}

interface Options {
  maxItems: number;
  openDepth: number;
}

function JsonNode({
  name,
  value,
  depth,
  last,
  options,
}: {
  name?: string;
  value: Json;
  depth: number;
  last: boolean;
  options: Options;
}) {
  const comma = last ? '' : ',';
  const key = name === undefined ? null : <span className="text-foreground">{JSON.stringify(name)}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="whitespace-pre">
        {key}
        <Primitive value={value} />
        {comma}
      </div>
    );
  }
  if (isCompact(value)) {
    return (
      <div className="whitespace-pre">
        {key}
        <Compact value={value} />
        {comma}
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: Array<[string | undefined, Json]> = isArray
    ? value.slice(0, options.maxItems).map((item) => [undefined, item])
    : Object.entries(value);
  const total = isArray ? value.length : entries.length;
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (total === 0) {
    return (
      <div className="whitespace-pre">
        {key}
        {open}
        {close}
        {comma}
      </div>
    );
  }
  const hidden = total - entries.length;
  return (
    <details open={depth < options.openDepth} className="group">
      <summary className="cursor-pointer whitespace-pre marker:text-muted-foreground">
        {key}
        {open}
        <span className="text-muted-foreground">
          {' '}
          {total} {isArray ? (total === 1 ? 'item' : 'items') : total === 1 ? 'key' : 'keys'}
        </span>
      </summary>
      <div className="border-l border-border pl-4">
        {entries.map(([childName, child], index) => (
          <JsonNode
            key={childName ?? index}
            name={childName}
            value={child}
            depth={depth + 1}
            last={index === entries.length - 1 && hidden === 0}
            options={options}
          />
        ))}
        {hidden > 0 && (
          <div className="whitespace-pre text-muted-foreground">
            … {hidden.toLocaleString('en-US')} more {hidden === 1 ? 'item' : 'items'} (copy or download for all)
          </div>
        )}
      </div>
      <div className="whitespace-pre">
        {close}
        {comma}
      </div>
    </details>
  );
}

/** A sample (`{timestamp, bpm, …}`) or a short list of numbers reads best on one line. */
function isCompact(value: Json[] | { [key: string]: Json }): boolean {
  const values = Array.isArray(value) ? value : Object.values(value);
  return (
    values.length > 0 &&
    values.length <= 6 &&
    values.every((v) => v === null || typeof v !== 'object') &&
    JSON.stringify(value).length <= 120
  );
}

function Compact({ value }: { value: Json[] | { [key: string]: Json } }) {
  const parts = Array.isArray(value)
    ? value.map((v, i) => ({ name: undefined, v, i }))
    : Object.entries(value).map(([name, v], i) => ({ name, v, i }));
  return (
    <>
      {Array.isArray(value) ? '[' : '{'}
      {parts.map(({ name, v, i }) => (
        <span key={name ?? i}>
          {i > 0 && ', '}
          {name !== undefined && `${JSON.stringify(name)}: `}
          <Primitive value={v as null | boolean | number | string} />
        </span>
      ))}
      {Array.isArray(value) ? ']' : '}'}
    </>
  );
}

function Primitive({ value }: { value: null | boolean | number | string }): ReactNode {
  if (typeof value === 'string') return <span className="text-success">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="text-[color:var(--chart-2)]">{JSON.stringify(value)}</span>;
  return <span className="text-muted-foreground">{JSON.stringify(value)}</span>;
}
