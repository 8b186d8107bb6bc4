import type { destinations, events } from '@/db/schema';

export type DestinationRow = typeof destinations.$inferSelect;
export type EventRow = typeof events.$inferSelect;

/** What one destination kind needs to deliver one event. */
export interface SendInput {
  destination: DestinationRow;
  /** The kind's credentials, decrypted (see the kind's `secretsSchema`); `{}` for kinds without any. */
  secrets: Record<string, unknown>;
  event: EventRow;
  /** The event JSON exactly as signed. */
  body: string;
  /** The signature and trace headers (webhooks send them as HTTP headers, queues as message headers). */
  headers: Record<string, string>;
}

/** The outcome of one attempt, the same for every kind: an HTTP-like status, or an error. */
export interface SendAnswer {
  /** 200 when the destination took it; an HTTP status for webhooks; null when it failed before an answer. */
  statusCode: number | null;
  /** The first 2 KB of the answer, or a short description of what was written. */
  excerpt: string | null;
  retryAfter: string | null;
  error: string | null;
  durationMs: number;
}

export interface Sender {
  send(input: SendInput): Promise<SendAnswer>;
}

/** Runs a send that throws on failure and turns its outcome into a SendAnswer. */
export async function timed(write: () => Promise<string>): Promise<SendAnswer> {
  const started = performance.now();
  try {
    const excerpt = await write();
    return {
      statusCode: 200,
      excerpt,
      retryAfter: null,
      error: null,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      statusCode: null,
      excerpt: null,
      retryAfter: null,
      error: (error as Error).message || String(error),
      durationMs: Math.round(performance.now() - started),
    };
  }
}
