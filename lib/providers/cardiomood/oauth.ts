import { HeartbridgeError } from '@/lib/errors';
import { USER_ID_CLAIM } from './assumptions';

export interface ClientApp {
  clientId: string;
  clientSecret: string;
  authBaseUrl: string;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
  scopes: string | null;
  /** The CardioMood user the tokens are for (see USER_ID_CLAIM), when the token says. */
  providerUserId: string | null;
}

/** Why CardioMood's token endpoint refused: the connector reacts differently to each. */
export class TokenRefused extends HeartbridgeError {
  constructor(
    readonly reason: 'invalid_grant' | 'invalid_client' | 'unavailable' | 'rate_limited' | 'malformed',
    detail: string,
  ) {
    super('upstream', `CardioMood token endpoint: ${reason}: ${detail}`, { reason });
  }
}

const timeoutMs = 10_000;

/** The URL that sends an end user to CardioMood's sign-in and consent page. */
export function authorizeUrl(app: Omit<ClientApp, 'clientSecret'>, redirectUri: string, state: string): string {
  const url = new URL('/oauth/authorize', app.authBaseUrl);
  url.search = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    state,
  }).toString();
  return url.toString();
}

export function exchangeCode(app: ClientApp, code: string, redirectUri: string, now = Date.now()): Promise<Tokens> {
  return tokenRequest(app, { grant_type: 'authorization_code', code, redirect_uri: redirectUri }, now);
}

export function refreshTokens(app: ClientApp, refreshToken: string, now = Date.now()): Promise<Tokens> {
  return tokenRequest(app, { grant_type: 'refresh_token', refresh_token: refreshToken }, now);
}

/** Form-encoded token request with the client credentials in the body [CODE: how real clients call it]. */
async function tokenRequest(app: ClientApp, grant: Record<string, string>, now: number): Promise<Tokens> {
  let response: Response;
  try {
    response = await fetch(new URL('/oauth/token', app.authBaseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ ...grant, client_id: app.clientId, client_secret: app.clientSecret }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new TokenRefused('unavailable', (error as Error).message);
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new TokenRefused(response.ok ? 'malformed' : 'unavailable', `HTTP ${response.status}, not JSON`);
  }
  if (response.status === 429) throw new TokenRefused('rate_limited', 'HTTP 429');
  if (!response.ok) {
    const error = String(body.error ?? '');
    const detail = String(body.error_description ?? body.message ?? `HTTP ${response.status}`);
    if (error === 'invalid_client' || response.status === 401) throw new TokenRefused('invalid_client', detail);
    if (error === 'invalid_grant') throw new TokenRefused('invalid_grant', detail);
    throw new TokenRefused('unavailable', `${error || `HTTP ${response.status}`}: ${detail}`);
  }
  if (typeof body.access_token !== 'string' || !body.access_token) {
    throw new TokenRefused('malformed', 'no access_token in the answer');
  }
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : null;
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
    expiresAt: expiresIn === null ? null : new Date(now + expiresIn * 1000),
    scopes: typeof body.scope === 'string' ? body.scope : null,
    providerUserId: jwtClaim(body.access_token, USER_ID_CLAIM),
  };
}

/** A claim of a JWT's payload, read without verifying the signature (the token came straight from CardioMood). */
function jwtClaim(token: string, claim: string): string | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const value = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>)[claim];
    return value === undefined || value === null ? null : String(value);
  } catch {
    return null;
  }
}
