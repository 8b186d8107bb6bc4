import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receipt {
  /** The `webhook-id` header: the event's trace id, stable across attempts. */
  id: string;
  body: string;
  receivedAt: number;
}

/**
 * A keep-alive webhook receiver on 127.0.0.1: records every request, then answers 200 after
 * `delayMs`, so that a sender's batch stays in flight for a while as with a real backend.
 */
export async function startReceiver(options: { delayMs?: number; onReceipt?: (receipt: Receipt) => void } = {}) {
  const receipts: Receipt[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const receipt = {
        id: String(request.headers['webhook-id'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      };
      receipts.push(receipt);
      options.onReceipt?.(receipt);
      const answer = () => response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    receipts,
    /** Distinct webhook ids received so far. */
    unique: () => new Set(receipts.map((r) => r.id)).size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
