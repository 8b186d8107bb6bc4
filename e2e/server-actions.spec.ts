/**
 * Server actions as an attacker would send them: straight HTTP POSTs with a `Next-Action` id taken from
 * the build's manifest. Every action refuses a caller without a session; a foreign Origin is refused
 * before any action runs; another account's destination is not found through the real session.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { serverActions } from '../lib/testing/app-surface';
import { expect, test } from './fixtures';
import type { E2EState, PersonaName } from './state';
import { repoRoot } from './support';

interface ManifestAction {
  id: string;
  key: string;
  /** A page whose server bundle holds the action (a POST there runs it without forwarding). */
  page: string;
}

function manifestActions(): ManifestAction[] {
  const file = path.join(repoRoot, '.next', 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers).sort()[0] ?? 'app/overview/page';
    const page = worker
      .replace(/^app/, '')
      .replace(/\/page$/, '')
      .replace(/\/\([^)]+\)/g, '')
      .replace(/\[[^\]]+\]/g, 'none');
    return { id, key: `${entry.filename}#${entry.exportedName}`, page: page || '/' };
  });
}

const actions = manifestActions();
const action = (exportedName: string): ManifestAction => {
  const found = actions.find((a) => a.key.endsWith(`#${exportedName}`));
  if (!found) throw new Error(`${exportedName} is not in the build`);
  return found;
};

/** The signed-in session cookie of a persona, as a Cookie header. */
function cookieOf(state: E2EState, persona: PersonaName): string {
  const saved = JSON.parse(fs.readFileSync(state.personas[persona].storageState, 'utf8')) as {
    cookies: Array<{ name: string; value: string }>;
  };
  return saved.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

interface Sent {
  status: number;
  text: string;
}

/**
 * One POST over plain HTTP, so that every header (Host included) is exactly what is given: a server
 * action call as the browser's router sends it, or, with `form`, a no-JavaScript form submission.
 */
function post(
  state: E2EState,
  options: { page: string; headers: Record<string, string>; body: string; host?: string },
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: state.port,
        path: options.page,
        method: 'POST',
        headers: { host: options.host ?? `localhost:${state.port}`, ...options.headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

function callAction(
  state: E2EState,
  target: ManifestAction,
  args: unknown[],
  options: { origin?: string; cookie?: string; host?: string } = {},
): Promise<Sent> {
  return post(state, {
    page: target.page,
    host: options.host,
    body: JSON.stringify(args),
    headers: {
      'next-action': target.id,
      accept: 'text/x-component',
      'content-type': 'text/plain;charset=UTF-8',
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
  });
}

/** The action's `{ ok, data | error }` from the flight answer, if it ran. */
function result(sent: Sent): { ok: boolean; data?: Record<string, unknown>; error?: string } | undefined {
  for (const line of sent.text.split('\n')) {
    const json = line.slice(line.indexOf(':') + 1);
    if (!json.startsWith('{"ok":')) continue;
    return JSON.parse(json) as { ok: boolean; data?: Record<string, unknown>; error?: string };
  }
  return undefined;
}

async function keyNames(state: E2EState, cookie: string): Promise<string> {
  const response = await fetch(`${state.baseURL}/api-keys`, { headers: { cookie } });
  return response.text();
}

test('the build serves exactly the server actions the isolation tests enumerate', () => {
  const enumerated = serverActions().flatMap((file) => file.functions.map((fn) => fn.key));
  expect(actions.map((a) => a.key).sort()).toEqual(enumerated.sort());
});

test('every server action refuses a caller without a session', async ({ state }) => {
  expect(actions.length).toBeGreaterThan(0);
  for (const target of actions) {
    const sent = await callAction(state, target, [{}], { origin: state.baseURL });
    expect(result(sent), target.key).toEqual({ ok: false, error: 'Your session has ended. Sign in again.' });
  }
});

test.describe('the Origin of a server action', () => {
  const create = () => action('createApiKeyAction');

  test('from this site it runs', async ({ state }) => {
    const cookie = cookieOf(state, 'owner');
    const name = `Same origin ${Date.now()}`;
    const sent = await callAction(state, create(), [{ name }], { origin: state.baseURL, cookie });
    expect(sent.status).toBe(200);
    expect(result(sent)).toMatchObject({ ok: true, data: { name } });
    expect(await keyNames(state, cookie)).toContain(name);
  });

  test('from another site, or from an opaque origin, it is refused and nothing changes', async ({ state }) => {
    const cookie = cookieOf(state, 'owner');
    for (const origin of ['http://evil.example', 'null', `http://localhost:${state.port + 1}`]) {
      const name = `Foreign origin ${Date.now()}`;
      const sent = await callAction(state, create(), [{ name }], { origin, cookie });
      expect(sent.status, origin).toBe(500);
      expect(result(sent)).toBeUndefined();
      expect(sent.text).not.toContain('hb_');
      expect(await keyNames(state, cookie)).not.toContain(name);
    }
  });

  test('a cross-site form post (no JavaScript, no Next-Action header) is refused too', async ({ state }) => {
    const cookie = cookieOf(state, 'owner');
    const rows = async () => (await keyNames(state, cookie)).match(/data-testid="api-key-row"/g)?.length ?? 0;
    const boundary = '----heartbridge-e2e';
    // The action's id as a form field: how a <form action={…}> submits without JavaScript.
    const body = [`--${boundary}`, `Content-Disposition: form-data; name="$ACTION_ID_${create().id}"`, '', '']
      .concat([`--${boundary}--`, ''])
      .join('\r\n');
    const submit = (origin: string) =>
      post(state, {
        page: create().page,
        body,
        headers: { origin, cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    const before = await rows();
    expect(before).toBeGreaterThan(0);
    expect((await submit('http://evil.example')).status).toBe(500);
    expect(await rows()).toBe(before);
    // The same form from this site runs (a key with the default name): the forged one was well formed.
    expect((await submit(state.baseURL)).status).toBe(200);
    expect(await rows()).toBe(before + 1);
  });

  test('behind a proxy that rewrites Host, the public URL is an allowed origin and no other is', async ({ state }) => {
    const cookie = cookieOf(state, 'owner');
    const proxied = { cookie, host: `127.0.0.1:${state.port}` };
    const name = `Through a proxy ${Date.now()}`;
    const allowed = await callAction(state, create(), [{ name }], { ...proxied, origin: state.baseURL });
    expect(result(allowed)).toMatchObject({ ok: true, data: { name } });
    const other = await callAction(state, create(), [{ name: `${name} (other)` }], {
      ...proxied,
      origin: `http://127.0.0.2:${state.port}`,
    });
    expect(other.status).toBe(500);
    expect(await keyNames(state, cookie)).not.toContain(`${name} (other)`);
  });
});

test("signed in to Other Co, every destination action refuses Demo's destination over HTTP", async ({ state }) => {
  const demo = cookieOf(state, 'owner');
  const other = cookieOf(state, 'otherOwner');
  const origin = state.baseURL;
  const name = `Demo only inbox ${Date.now()}`;
  const added = result(
    await callAction(state, action('addDestinationAction'), [{ kind: 'inbox', name }], { origin, cookie: demo }),
  );
  const destinationId = String(added?.data?.id ?? '');
  expect(destinationId).toMatch(/^[0-9a-f-]{36}$/);

  const calls: Array<[string, unknown]> = [
    ['removeDestinationAction', { destinationId }],
    ['rotateSigningSecretAction', { destinationId }],
    ['sendTestEventAction', { destinationId }],
    ['setDestinationStatusAction', { destinationId, enabled: false }],
    [
      'updateDestinationAction',
      { destinationId, name: 'Taken over', eventTypes: [], timeoutSeconds: 5, maxRetries: 1 },
    ],
    ['replayFailedAction', { from: '2020-01-01', to: '2030-01-01', destinationId }],
  ];
  for (const [exportedName, input] of calls) {
    const sent = await callAction(state, action(exportedName), [input], { origin, cookie: other });
    expect(result(sent), exportedName).toEqual({ ok: false, error: 'No such destination in this account.' });
  }
  const page = await (await fetch(`${state.baseURL}/destinations`, { headers: { cookie: demo } })).text();
  expect(page).toContain(name);
  expect(page).not.toContain('Taken over');
});
