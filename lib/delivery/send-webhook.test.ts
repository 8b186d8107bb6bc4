import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWebhook } from './send-webhook';

// A receiver on its own thread, so that it answers while this thread's event loop is held up: it
// says when a request arrived, then answers 200 50 ms later (on /silent, never).
const receiverSource = `
  const http = require('node:http');
  const { parentPort } = require('node:worker_threads');
  const server = http.createServer((req, res) => {
    req.resume().on('end', () => {
      if (req.url === '/silent') return;
      parentPort.postMessage('received');
      setTimeout(() => res.writeHead(200).end('ok'), 50);
    });
  });
  server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;
let receiver: Worker;
let url: string;
beforeAll(async () => {
  receiver = new Worker(receiverSource, { eval: true });
  const port = await new Promise<number>((resolve) => receiver.once('message', resolve));
  url = `http://127.0.0.1:${port}/hook`;
});
afterAll(() => receiver.terminate());

describe('sending a webhook', () => {
  it('keeps an answer that arrived while the event loop was held up past the timeout', async () => {
    const received = new Promise((resolve) => receiver.once('message', resolve));
    const answer = sendWebhook(url, '{}', {}, { timeoutMs: 200, trusted: true });
    await received;
    const until = Date.now() + 600; // seconds of normalizing, say: the loop runs nothing else meanwhile
    while (Date.now() < until) {
      // busy
    }
    expect(await answer).toMatchObject({ statusCode: 200, error: null });
  });

  it('still times out when no answer comes', async () => {
    const answer = await sendWebhook(url.replace('/hook', '/silent'), '{}', {}, { timeoutMs: 200, trusted: true });
    expect(answer).toMatchObject({ statusCode: null, error: 'no answer within 200 ms' });
  });
});
