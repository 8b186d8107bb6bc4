import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An upstream answer as the proxy received it. */
export interface ProxiedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What the client gets instead: another answer, or `'cut'` (the connection closes mid-body). */
export type Rewrite = (path: string, answer: ProxiedAnswer) => ProxiedAnswer | 'cut';

/**
 * A loopback HTTP proxy in front of `upstream` (the CardioMood simulator) that lets a test rewrite
 * each answer: the connector talks real HTTP to it, and every answer served is recorded by path.
 */
export async function rewritingProxy(upstream: string) {
  let rewrite: Rewrite = (_path, answer) => answer;
  const served: Array<{ path: string; status: number; body: Buffer }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const target = new URL(req.url ?? '/', upstream);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers.set(name, value);
      }
      const upstreamAnswer = await fetch(target, {
        method: req.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const original: ProxiedAnswer = {
        status: upstreamAnswer.status,
        headers: Object.fromEntries(
          [...upstreamAnswer.headers].filter(([name]) => !['content-length', 'transfer-encoding'].includes(name)),
        ),
        body: Buffer.from(await upstreamAnswer.arrayBuffer()),
      };
      const answer = rewrite(target.pathname, original);
      if (answer === 'cut') {
        const cut = original.body.subarray(0, Math.floor(original.body.length / 2));
        served.push({ path: target.pathname, status: original.status, body: cut });
        res.writeHead(original.status, { ...original.headers, 'content-length': String(original.body.length) });
        res.write(cut, () => res.destroy());
        return;
      }
      served.push({ path: target.pathname, status: answer.status, body: answer.body });
      res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Every answer served since the last `reset`, in order. */
    served,
    /** Rewrites answers from now on (`undefined` passes them through), and forgets what was served. */
    reset(next?: Rewrite) {
      rewrite = next ?? ((_path, answer) => answer);
      served.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
