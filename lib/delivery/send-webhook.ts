import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from '../security/ssrf';

export interface WebhookAnswer {
  statusCode: number | null;
  /** The first 2 KB of the answer. */
  excerpt: string | null;
  retryAfter: string | null;
  error: string | null;
  durationMs: number;
}

// Pooled keep-alive connections; every new connection's DNS answer passes the SSRF guard. An idle
// connection is dropped before the receiver would drop it (Node servers: 5 s; ours: 65 s), so that a
// delivery never goes out on a socket the other end is closing (an ECONNRESET and a needless retry).
const guarded = { keepAlive: true, maxSockets: 64, timeout: 4_000, lookup: guardedLookup as never };
const trusted = { keepAlive: true, timeout: 60_000 };
const agents = {
  guarded: { http: new http.Agent(guarded), https: new https.Agent(guarded) },
  // Heartbridge's own inbox: a trusted address that the guard would refuse as loopback.
  trusted: { http: new http.Agent(trusted), https: new https.Agent(trusted) },
};

const excerptBytes = 2048;

/** POSTs `body` with `headers`; never throws: a timeout or a refused connection is an answer too. */
export function sendWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; trusted?: boolean },
): Promise<WebhookAnswer> {
  const started = performance.now();
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const pool = options.trusted ? agents.trusted : agents.guarded;
  return new Promise((resolve) => {
    let heardAt = 0; // when the answer last made progress
    const done = (answer: Omit<WebhookAnswer, 'durationMs'>) =>
      resolve({ ...answer, durationMs: Math.round(performance.now() - started) });
    const request = (secure ? https : http).request(
      target,
      {
        method: 'POST',
        agent: secure ? pool.https : pool.http,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        heardAt = performance.now();
        response.on('data', (chunk: Buffer) => {
          heardAt = performance.now();
          if (kept < excerptBytes) chunks.push(chunk.subarray(0, excerptBytes - kept));
          kept += chunk.length;
        });
        response.on('end', () =>
          done({
            statusCode: response.statusCode ?? null,
            excerpt: Buffer.concat(chunks).toString('utf8'),
            retryAfter: (response.headers['retry-after'] as string | undefined) ?? null,
            error: null,
          }),
        );
        response.on('error', (error) =>
          done({ statusCode: response.statusCode ?? null, excerpt: null, retryAfter: null, error: error.message }),
        );
      },
    );
    // After the event loop was held up (seconds of normalizing, the embedded database), the timer fires
    // before the answer already waiting on the socket is read: it gets read first, and spares the request.
    request.on('timeout', () => {
      const firedAt = performance.now();
      setImmediate(() => {
        if (heardAt < firedAt) request.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
      });
    });
    request.on('error', (error) => done({ statusCode: null, excerpt: null, retryAfter: null, error: error.message }));
    request.end(body);
  });
}
