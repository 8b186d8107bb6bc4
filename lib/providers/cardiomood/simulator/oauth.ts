import { timingSafeEqual } from 'node:crypto';
import type { Account } from './accounts';
import { html, type Incoming, json, mediaType, type Reply, redirect } from './http';
import { consentPage, refusedPage } from './oauth-page';
import { accessToken, type ClientApp, liveAccount, opaque, prune, type SimulatorState } from './state';
import { saveGrants } from './persistence';

const CODE_LIFETIME_MS = 10 * 60_000;

/** RFC 6749 §5.2 error answers. */
const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>): Reply =>
  json(status, { error, error_description: description }, headers);

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Checks what must hold before anything may be redirected to the app: the client and its exact redirect URI. */
type AuthorizeRequest =
  | { refused: Reply }
  | { client: ClientApp; redirectUri: string; state: string | null; scope: string | null };

function authorizeRequest(state: SimulatorState, query: URLSearchParams): AuthorizeRequest {
  const clientId = query.get('client_id');
  const redirectUri = query.get('redirect_uri');
  const client = clientId ? state.clients.get(clientId) : undefined;
  if (!clientId || !client) return { refused: refusedPage(400, 'Unknown client_id.') };
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    return { refused: refusedPage(400, 'The redirect_uri is not registered for this client app.') };
  }
  if (query.get('response_type') !== 'code') return { refused: refusedPage(400, 'response_type must be "code".') };
  return { client, redirectUri, state: query.get('state'), scope: query.get('scope') || null };
}

function back(redirectUri: string, params: Record<string, string | null>): Reply {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
  return redirect(url.toString());
}

/** `GET /oauth/authorize`: the sign-in and consent page. */
export function showAuthorize(state: SimulatorState, req: Incoming): Reply {
  const request = authorizeRequest(state, req.query);
  if ('refused' in request) return request.refused;
  return html(200, consentPage({ clientId: request.client.id, search: req.search }));
}

/** `POST /oauth/authorize`: the form's answer. Deny needs no password; Allow needs a live account. */
export function submitAuthorize(state: SimulatorState, req: Incoming): Reply {
  const request = authorizeRequest(state, req.query);
  if ('refused' in request) return request.refused;
  const form = new URLSearchParams(req.body);
  const username = form.get('username');
  const again = (status: number, error: string) =>
    html(status, consentPage({ clientId: request.client.id, search: req.search, username: username ?? '', error }));
  const approve = form.get('approve');
  if (approve === 'no') return back(request.redirectUri, { error: 'access_denied', state: request.state });
  if (approve !== 'yes') return again(400, 'Choose Allow or Deny.');
  const account = username ? state.accounts.get(username) : undefined;
  if (!account || !same(form.get('password') ?? '', account.password)) {
    return again(401, 'Wrong username or password.');
  }
  if (account.revoked) return again(401, 'This account has revoked access to its data and cannot sign in.');
  const code = opaque(30);
  state.codes.set(code, {
    clientId: request.client.id,
    username: account.username,
    scope: request.scope,
    family: code,
    redirectUri: request.redirectUri,
    expiresAt: state.now() + CODE_LIFETIME_MS,
    used: false,
  });
  prune(state);
  return back(request.redirectUri, { code, state: request.state });
}

/** The client a token request names (Basic or body), to count the call against before anything else. */
export function tokenRequestClient(req: Incoming): string | null {
  return basicCredentials(req)?.id ?? new URLSearchParams(req.body).get('client_id');
}

function basicCredentials(req: Incoming): { id: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

/** `POST /oauth/token`: the authorization-code and refresh-token grants (RFC 6749 §4.1.3, §6), with refresh rotation. */
export function token(state: SimulatorState, req: Incoming): Reply {
  if (mediaType(req.headers) !== 'application/x-www-form-urlencoded') {
    return oauthError(400, 'invalid_request', 'The token request must be application/x-www-form-urlencoded.');
  }
  const form = new URLSearchParams(req.body);
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'grant_type is required.');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return oauthError(400, 'unsupported_grant_type', `grant_type "${grantType}" is not supported.`);
  }
  const basic = basicCredentials(req);
  if (basic && form.has('client_secret')) {
    return oauthError(400, 'invalid_request', 'Send the client credentials either in the body or as Basic, not both.');
  }
  const id = basic?.id ?? form.get('client_id') ?? '';
  const secret = basic?.secret ?? form.get('client_secret') ?? '';
  const client = state.clients.get(id);
  if (!client || !same(secret, client.secret)) {
    const challenge = basic ? { 'www-authenticate': 'Basic realm="cardiomood"' } : undefined;
    return oauthError(401, 'invalid_client', 'Client authentication failed.', challenge);
  }
  return grantType === 'authorization_code' ? exchangeCode(state, client, form) : refresh(state, client, form);
}

function exchangeCode(state: SimulatorState, client: ClientApp, form: URLSearchParams): Reply {
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  if (!code) return oauthError(400, 'invalid_request', 'code is required.');
  if (!redirectUri) return oauthError(400, 'invalid_request', 'redirect_uri is required.');
  const grant = state.codes.get(code);
  if (!grant || grant.clientId !== client.id)
    return oauthError(400, 'invalid_grant', 'The authorization code is invalid.');
  if (grant.used) {
    revokeFamily(state, grant.family); // RFC 6749 §4.1.2: a code used twice revokes what it gave
    return oauthError(400, 'invalid_grant', 'The authorization code was already used.');
  }
  grant.used = true;
  if (grant.expiresAt <= state.now()) return oauthError(400, 'invalid_grant', 'The authorization code has expired.');
  if (grant.redirectUri !== redirectUri) {
    return oauthError(400, 'invalid_grant', 'redirect_uri does not match the one the code was issued for.');
  }
  const account = liveAccount(state, grant);
  if (!account) return oauthError(400, 'invalid_grant', 'The user has revoked access.');
  return issue(state, account, grant);
}

function refresh(state: SimulatorState, client: ClientApp, form: URLSearchParams): Reply {
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return oauthError(400, 'invalid_request', 'refresh_token is required.');
  const grant = state.refreshTokens.get(refreshToken);
  if (!grant || grant.clientId !== client.id) return oauthError(400, 'invalid_grant', 'The refresh token is invalid.');
  if (grant.used) return oauthError(400, 'invalid_grant', 'The refresh token was already used (tokens rotate).');
  const account = liveAccount(state, grant);
  if (!account) return oauthError(400, 'invalid_grant', 'The refresh token was revoked by the user.');
  grant.used = true;
  return issue(state, account, grant);
}

function issue(
  state: SimulatorState,
  account: Account,
  grant: { clientId: string; scope: string | null; family: string },
) {
  const expiresAt = state.now() + state.accessTokenTtlSeconds * 1000;
  const access = accessToken(state, account, expiresAt);
  const refreshToken = opaque(48);
  const base = { clientId: grant.clientId, username: account.username, scope: grant.scope, family: grant.family };
  state.accessTokens.set(access, { ...base, expiresAt });
  state.refreshTokens.set(refreshToken, { ...base, used: false });
  prune(state);
  saveGrants(state);
  return json(
    200,
    {
      token_type: 'Bearer',
      expires_in: state.accessTokenTtlSeconds,
      access_token: access,
      refresh_token: refreshToken,
      ...(grant.scope ? { scope: grant.scope } : {}),
    },
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}

function revokeFamily(state: SimulatorState, family: string): void {
  for (const [t, grant] of state.accessTokens) if (grant.family === family) state.accessTokens.delete(t);
  for (const grant of state.refreshTokens.values()) if (grant.family === family) grant.used = true;
  saveGrants(state);
}
