import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receipt {
  /** The `webhook-id` header: the event's trace id, stable across attempts. */
  id: string;
  body: string;
  receivedAt: number;
}

export interface CountingReceiverOptions {
  /** Answer 200 this long after the request arrived, so that a sender's batch stays in flight a while. */
  delayMs?: number;
  /** Keep every request open, unanswered, until `release()`. */
  hold?: boolean;
  onReceipt?: (receipt: Receipt) => void;
}

/**
 * A keep-alive webhook receiver on 127.0.0.1 that records every request (by `webhook-id`) and
 * answers 200. It can hold requests open, and go down (the port refuses connections) and come
 * back on the same port: the faults a sender must survive.
 */
export async function startCountingReceiver(options: CountingReceiverOptions = {}) {
  const receipts: Receipt[] = [];
  const held: http.ServerResponse[] = [];
  let holding = options.hold ?? false;
  let peakHeld = 0;
  const answer = (response: http.ServerResponse) => response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
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
      if (holding) {
        held.push(response);
        peakHeld = Math.max(peakHeld, held.length);
        // A sender that gave up (its timeout) closed the request: it is no longer held open.
        response.once('close', () => {
          const at = held.indexOf(response);
          if (at !== -1) held.splice(at, 1);
        });
      } else if (options.delayMs) setTimeout(() => answer(response), options.delayMs);
      else answer(response);
    });
  });
  server.keepAliveTimeout = 65_000;
  await listen(server, 0);
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}/hook`,
    receipts,
    /** Distinct webhook ids received so far. */
    unique: () => new Set(receipts.map((r) => r.id)).size,
    /** The most requests held open at once (a request its sender gave up on no longer counts). */
    peakHeld: () => peakHeld,
    /** Answers every held request; with `stopHolding`, later requests are answered at once. */
    release(release: { stopHolding?: boolean } = {}) {
      if (release.stopHolding) holding = false;
      for (const response of held.splice(0)) answer(response);
    },
    /** Closes the port and every open connection: senders get "connection refused" until `up()`. */
    down: stop,
    /** Listens again on the same port. */
    up: () => listen(server, port),
    close: stop,
  };
}

function listen(server: http.Server, port: number) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export type CountingReceiver = Awaited<ReturnType<typeof startCountingReceiver>>;
