/** Terra's name for an activity's FIT file: `{user_id}-{start_time}.fit`, no `/` or `\` in it. */
export function fitFileName(userId: string, payload: unknown): string {
  const metadata = (payload as { metadata?: { start_time?: unknown } } | null)?.metadata;
  const start =
    typeof metadata?.start_time === 'string' && metadata.start_time.trim() ? metadata.start_time : 'activity';
  return `${userId}-${start}.fit`.replace(/[/\\]/g, '_');
}
