import { loadGrants } from './persistence';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { log } from '@/lib/log';
import { type AdminControls, admin, adminControls } from './admin';
import { apiCall, type Outcome, rawMetric, summaries } from './api';
import { malformed } from './faults';
import { type Incoming, json, methodNotAllowed, notFound, type Reply, readBody } from './http';
import { showAuthorize, submitAuthorize, token, tokenRequestClient } from './oauth';
import { refusedPage } from './oauth-page';
import { ANONYMOUS, countCall, createState, type SimulatorOptions, type SimulatorState } from './state';

export type { ClientApp, SimulatorOptions } from './state';
export type { Faults } from './faults';
export type { AdminControls } from './admin';

export interface Simulator {
  url: string;
  port: number;
  close(): Promise<void>;
  admin: AdminControls;
}

const logger = log.child({ component: 'cardiomood-simulator' });

/**
 * Starts a CardioMood simulator: OAuth pages and token endpoint, `/user-summaries`,
 * `/v2/raw-metrics/{metric}` and `/admin/*`, on 127.0.0.1 (port 0 picks a free port).
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const state = createState(options);
  loadGrants(state);
  const controls = adminControls(state);
  const server = http.createServer((req, res) => {
    void handle(state, controls, req, res);
  });
  // As long as common front servers keep idle connections (nginx: 75 s); Node's 5 s default resets
  // sockets a busy client reuses after seconds of work (its event loop never saw the close).
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    else socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    admin: controls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  state: SimulatorState,
  controls: AdminControls,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const started = performance.now();
  let path = '?';
  let outcome: Outcome;
  try {
    const url = parseTarget(req.url);
    path = url?.pathname ?? '?';
    const read = await readBody(req);
    if (!url) {
      outcome = { reply: json(400, { message: 'The request target is not a valid path.' }) };
    } else if ('refused' in read) {
      const message = read.refused === 413 ? 'The body is larger than 1 MB.' : 'The body is not valid UTF-8.';
      outcome = { reply: json(read.refused, { message }) };
    } else {
      const incoming: Incoming = {
        method: req.method ?? 'GET',
        path,
        query: url.searchParams,
        search: url.search.slice(1),
        headers: req.headers,
        body: read.body,
        remoteAddress: req.socket.remoteAddress ?? '',
      };
      outcome = route(state, controls, incoming);
    }
  } catch (error) {
    logger.error({ err: error, path }, 'cardiomood simulator: unexpected error');
    outcome = { reply: json(500, { message: 'Server Error' }) };
  }
  try {
    if (outcome.delayMs) await sleep(outcome.delayMs);
    write(res, outcome);
  } catch (error) {
    logger.error({ err: error, path }, 'cardiomood simulator: could not write the answer');
    res.destroy();
  }
  logger.debug(
    {
      method: req.method,
      path,
      status: outcome.reply.status,
      client: outcome.clientId,
      spoil: outcome.spoil,
      ms: Math.round(performance.now() - started),
    },
    'cardiomood simulator request',
  );
}

/** The request target as a URL, or null when it is not a path (`*`, an authority, garbage). */
function parseTarget(target = '/'): URL | null {
  if (!target.startsWith('/')) return null;
  try {
    return new URL(`http://simulator.invalid${target}`);
  } catch {
    return null;
  }
}

function route(state: SimulatorState, controls: AdminControls, req: Incoming): Outcome {
  const { method, path } = req;
  if (path === '/oauth/authorize') {
    if (method === 'GET') return { reply: showAuthorize(state, req) };
    if (method === 'POST') return { reply: submitAuthorize(state, req) };
    return { reply: { ...refusedPage(405, 'Use GET or POST.'), headers: { allow: 'GET, POST' } } };
  }
  if (path === '/oauth/token') {
    if (method !== 'POST') return { reply: methodNotAllowed(method, 'POST') };
    const clientId = tokenRequestClient(req);
    const known = clientId !== null && state.clients.has(clientId) ? clientId : ANONYMOUS;
    const budget = countCall(state, known);
    const reply = budget.allowed ? token(state, req) : json(429, { message: 'Too Many Attempts.' });
    const headers = { 'x-ratelimit-limit': String(budget.limit), 'x-ratelimit-remaining': String(budget.remaining) };
    return { reply: { ...reply, headers: { ...reply.headers, ...headers } }, clientId: known };
  }
  if (path === '/user-summaries') {
    return method === 'GET' ? apiCall(state, req, summaries) : { reply: methodNotAllowed(method, 'GET') };
  }
  const metric = /^\/v2\/raw-metrics\/([^/]+)$/.exec(path)?.[1];
  if (metric)
    return method === 'GET' ? apiCall(state, req, rawMetric(metric)) : { reply: methodNotAllowed(method, 'GET') };
  if (path === '/admin' || path.startsWith('/admin/')) return { reply: admin(state, controls, req) };
  return { reply: notFound() };
}

const CONTENT_TYPE: Record<Reply['type'], string | undefined> = {
  json: 'application/json',
  html: 'text/html; charset=utf-8',
  none: undefined,
};

/** Writes the answer, spoiled if a fault struck it: invalid JSON, or cut off after half its announced length. */
function write(res: http.ServerResponse, { reply, spoil }: Outcome): void {
  const body = Buffer.from(spoil === 'malformed' ? malformed(reply.body) : reply.body);
  const type = CONTENT_TYPE[reply.type];
  res.writeHead(reply.status, {
    ...(type ? { 'content-type': type } : {}),
    ...reply.headers,
    'content-length': String(body.length),
  });
  if (spoil === 'truncated') {
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
    return;
  }
  res.end(body);
}
