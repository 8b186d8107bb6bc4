/** A timestamp in UTC, readable and machine-readable. */
export function Time({ value }: { value: Date | string | null | undefined }) {
  if (!value) return <span className="text-muted-foreground">never</span>;
  const date = new Date(value);
  return <time dateTime={date.toISOString()}>{date.toISOString().replace('T', ' ').slice(0, 16)} UTC</time>;
}
