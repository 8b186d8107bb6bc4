/** Terra's chunks for large requests: at most 10 payloads or 10 MB per data event, whichever comes first. */
export const maxChunkPayloads = 10;
export const maxChunkBytes = 10 * 1024 * 1024;
/** Room for the event's envelope (`user`, `type`, `version`) beside the payloads. */
const envelopeBytes = 16 * 1024;

/** Groups payloads, oldest first, into chunks; a single payload over the size cap travels alone. */
export function planChunks(payloads: Array<{ id: string; bytes: number }>): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = envelopeBytes;
  for (const payload of payloads) {
    const full = current.length >= maxChunkPayloads || bytes + payload.bytes + 1 > maxChunkBytes;
    if (current.length && full) {
      chunks.push(current);
      current = [];
      bytes = envelopeBytes;
    }
    current.push(payload.id);
    bytes += payload.bytes + 1;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
