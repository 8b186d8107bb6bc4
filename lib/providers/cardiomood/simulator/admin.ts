import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type Faults, FaultsInput } from './faults';
import { saveGrants } from './persistence';
import { type Incoming, isLoopback, json, mediaType, methodNotAllowed, notFound, type Reply } from './http';
import { accountList, type ClientApp, expireAccessTokens, type SimulatorState, stats } from './state';

const ClientInput = z.strictObject({
  id: z.string().min(1).max(200),
  secret: z.string().min(1).max(500),
  redirect_uris: z.array(z.string().min(1).max(2000)).min(1).max(50),
});

/** What tests and the demo drive the simulator with; the same verbs as `/admin/*`. */
export function adminControls(state: SimulatorState) {
  return {
    registerClient(client: ClientApp): void {
      state.clients.set(client.id, { ...client, redirectUris: [...client.redirectUris] });
    },
    stats: () => stats(state),
    accounts: () => accountList(state),
    setFaults: (faults: Partial<Faults>): Faults => state.faults.set(faults),
    /** The account withdraws its consent: its tokens stop working, refreshing fails, it can no longer sign in. */
    revoke(username: string): void {
      const account = state.accounts.get(username);
      if (!account) throw new Error(`no simulated account ${username}`);
      account.revoked = true;
      saveGrants(state);
    },
    /** Every access token issued so far expires now (refresh tokens keep working); returns how many were live. */
    expireTokens: () => expireAccessTokens(state),
  };
}
export type AdminControls = ReturnType<typeof adminControls>;

function allowed(state: SimulatorState, req: Incoming): Reply | null {
  if (state.adminToken === undefined) {
    return isLoopback(req.remoteAddress) ? null : json(403, { message: 'Admin is reachable from loopback only.' });
  }
  const given = Buffer.from(String(req.headers['x-admin-token'] ?? ''));
  const expected = Buffer.from(state.adminToken);
  const ok = given.length === expected.length && timingSafeEqual(given, expected);
  return ok ? null : json(401, { message: 'A valid x-admin-token header is required.' });
}

function body<S extends z.ZodType>(schema: S, req: Incoming): { value: z.output<S> } | { reply: Reply } {
  if (mediaType(req.headers) !== 'application/json') {
    return { reply: json(415, { message: 'Send application/json.' }) };
  }
  let value: unknown;
  try {
    value = JSON.parse(req.body || '{}');
  } catch {
    return { reply: json(400, { message: 'The body is not valid JSON.' }) };
  }
  const result = schema.safeParse(value);
  if (result.success) return { value: result.data };
  const errors = Object.fromEntries(
    result.error.issues.map((issue) => [issue.path.join('.') || '(body)', [issue.message]]),
  );
  return { reply: json(422, { message: 'The given data was invalid.', errors }) };
}

/** `/admin/*`: register clients, read call counts, switch faults, revoke accounts, expire tokens. */
export function admin(state: SimulatorState, controls: AdminControls, req: Incoming): Reply {
  const refused = allowed(state, req);
  if (refused) return refused;
  const { method, path } = req;
  const post = (run: () => Reply) => (method === 'POST' ? run() : methodNotAllowed(method, 'POST'));
  if (path === '/admin/stats') return method === 'GET' ? json(200, controls.stats()) : methodNotAllowed(method, 'GET');
  if (path === '/admin/clients') {
    return post(() => {
      const input = body(ClientInput, req);
      if ('reply' in input) return input.reply;
      const { id, secret, redirect_uris } = input.value;
      controls.registerClient({ id, secret, redirectUris: redirect_uris });
      return json(201, { id, redirect_uris });
    });
  }
  if (path === '/admin/faults') {
    return post(() => {
      const input = body(FaultsInput, req);
      return 'reply' in input ? input.reply : json(200, controls.setFaults(input.value));
    });
  }
  if (path === '/admin/tokens/expire') return post(() => json(200, { expired: controls.expireTokens() }));
  const revoke = /^\/admin\/accounts\/([^/]+)\/revoke$/.exec(path);
  if (revoke?.[1]) {
    const username = revoke[1];
    return post(() => {
      if (!state.accounts.has(username)) return json(404, { message: 'No such account.' });
      controls.revoke(username);
      return json(200, { username, revoked: true });
    });
  }
  return notFound();
}
